package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Positions (document ids) are ordered exactly as the server's comparator orders them; index keys
 * in one total order, by BSON type first.
 */
class KeyOrderTest {

  @Test
  void positionsCompareAsTheServerComparesThem() {
    Random random = new Random(13);
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      StringBuilder id = new StringBuilder();
      for (int j = random.nextInt(30); j > 0; j--) {
        id.append(
            random.nextInt(5) == 0
                ? (char) random.nextInt(0x10000)
                : (char) (32 + random.nextInt(95)));
      }
      ids.add(id.toString());
    }
    for (int i = 0; i < 20; i++) {
      ids.add(random.nextInt(100));
      ids.add(random.nextDouble());
      ids.add(new ObjectId());
    }
    for (Object a : ids) {
      for (Object b : ids) {
        assertThat(Integer.signum(KeyOrder.comparePositions(a, b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(ValueComparator.asc().compare(a, b)));
      }
    }
  }

  @Test
  void keysOfMixedTypesAreOneTotalOrderAndDescendingReversesIt() {
    Random random = new Random(7);
    List<Object> values = new ArrayList<>();
    values.add(null);
    values.add(Missing.getInstance());
    values.add(KeyOrder.ABOVE_NULL);
    for (int i = 0; i < 40; i++) {
      values.add("s" + random.nextInt(20));
      values.add(new String("same")); // equal strings that are not the same instance
      values.add(random.nextInt(10));
      values.add((long) random.nextInt(10));
      values.add(random.nextInt(10) + 0.5);
      values.add(Instant.ofEpochSecond(random.nextInt(10)));
      values.add(random.nextBoolean());
    }
    values.add(new ObjectId());
    for (Object a : values) {
      for (Object b : values) {
        int ab = Integer.signum(KeyOrder.compare(a, b, true));
        assertThat(Integer.signum(KeyOrder.compare(b, a, true)))
            .as("%s vs %s", a, b)
            .isEqualTo(-ab);
        assertThat(Integer.signum(KeyOrder.compare(a, b, false)))
            .as("%s vs %s descending", a, b)
            .isEqualTo(-ab);
        assertThat(KeyOrder.compare(a, KeyOrder.LOW, false)).isPositive();
        assertThat(KeyOrder.compare(a, KeyOrder.HIGH, false)).isNegative();
        if (a instanceof String x && b instanceof String y) {
          assertThat(ab).isEqualTo(Integer.signum(x.compareTo(y)));
        }
        for (Object c : List.of("s1", 5, Instant.EPOCH)) {
          if (ab <= 0 && Integer.signum(KeyOrder.compare(b, c, true)) <= 0) {
            assertThat(KeyOrder.compare(a, c, true)).as("%s, %s, %s", a, b, c).isNotPositive();
          }
        }
      }
    }
    assertThat(KeyOrder.compare(null, Missing.getInstance(), true)).isZero();
    assertThat(KeyOrder.compare(null, KeyOrder.ABOVE_NULL, true)).isNegative();
    assertThat(KeyOrder.compare(KeyOrder.ABOVE_NULL, 0, true)).isNegative();
    assertThat(KeyOrder.compare(9, "a", true)).isNegative();
    assertThat(KeyOrder.compare("zzz", new ObjectId(), true)).isNegative();
  }
}
