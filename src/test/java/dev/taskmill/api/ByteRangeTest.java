package dev.taskmill.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void satisfiableRangesAreClampedToTheContent() {
    assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-200", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=95-", 100)).isEqualTo(new ByteRange(95, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 99));
    assertThat(new ByteRange(90, 99).contentRange(100)).isEqualTo("bytes 90-99/100");
    assertThat(new ByteRange(90, 99).length()).isEqualTo(10);
  }

  @Test
  void headersThisServiceDoesNotServeMeanTheWholeContent() {
    for (String header :
        new String[] {"bytes=5-2", "bytes=0-1,5-6", "items=0-1", "bytes=-", "bytes=a-b"}) {
      assertThat(ByteRange.parse(header, 100)).as(header).isNull();
    }
    assertThat(ByteRange.parse(null, 100)).isNull();
  }

  @Test
  void rangesOutsideTheContentAre416WithTheLength() {
    for (String header :
        new String[] {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=99999999999999999999-"}) {
      assertThatThrownBy(() -> ByteRange.parse(header, 100))
          .as(header)
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.status()).isEqualTo(416);
                assertThat(e.headers()).containsEntry("Content-Range", "bytes */100");
              });
    }
    assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).isInstanceOf(ProblemException.class);
  }
}
