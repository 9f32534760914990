package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Positions (document ids) are ordered exactly as the server's comparator orders them. */
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
}
