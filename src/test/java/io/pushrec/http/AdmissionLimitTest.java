package io.pushrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdmissionLimitTest {
  private static final long TARGET = 100_000_000L;   // 100 ms

  @Test
  void admitsUpToTheLimitAndRefusesBeyondIt() {
    AdmissionLimit admission = new AdmissionLimit(10, 100, TARGET);
    assertTrue(admission.tryAdmit(60));
    assertTrue(admission.tryAdmit(40));
    assertFalse(admission.tryAdmit(1));
    admission.completed(40, 1_000_000, 0);
    assertTrue(admission.tryAdmit(1));
    assertEquals(61, admission.inFlight());
  }

  @Test
  void aBatchLargerThanTheLimitStillGoesThroughWhenNothingElseIsInFlight() {
    AdmissionLimit admission = new AdmissionLimit(10, 100, TARGET);
    assertTrue(admission.tryAdmit(500));
    assertFalse(admission.tryAdmit(1));
  }

  @Test
  void slowAnswersShrinkTheLimitOncePerTargetIntervalDownToTheMinimum() {
    AdmissionLimit admission = new AdmissionLimit(10, 1000, TARGET);
    admission.tryAdmit(3);
    admission.completed(1, 2 * TARGET, 0);
    admission.completed(1, 2 * TARGET, TARGET / 2);   // same interval: no second cut
    assertEquals(800, admission.limit());
    admission.completed(1, 2 * TARGET, TARGET);
    assertEquals(640, admission.limit());
    for (int i = 2; i < 100; i++) {
      admission.tryAdmit(1);
      admission.completed(1, 2 * TARGET, i * TARGET);
    }
    assertEquals(10, admission.limit());
  }

  @Test
  void timelyAnswersGrowTheLimitBackUpToTheMaximum() {
    AdmissionLimit admission = new AdmissionLimit(10, 1000, TARGET);
    for (int i = 0; i < 30; i++) {
      admission.tryAdmit(1);
      admission.completed(1, 2 * TARGET, i * TARGET);
    }
    assertEquals(10, admission.limit());
    admission.tryAdmit(100);
    admission.completed(100, TARGET / 2, 31 * TARGET);
    assertEquals(20, admission.limit());
    for (int i = 0; i < 200; i++) {
      admission.tryAdmit(100);
      admission.completed(100, 0, 0);
    }
    assertEquals(1000, admission.limit());
    assertEquals(0, admission.inFlight());
  }
}
