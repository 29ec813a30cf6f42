package io.statuslog.checker.core.condition;

import static io.statuslog.checker.core.condition.Probe.body;
import static io.statuslog.checker.core.condition.Probe.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final String JSON = "{\"status\": \"UP\", \"items\": [1, 2, 3], \"db\": {\"ok\": true}}";

  @Test
  void evaluatesEveryConditionInOrder() {
    Conditions conditions = Conditions.parse(List.of("[STATUS] == 200", "[BODY].status == UP", "len([BODY].items) > 3"));

    List<ConditionResult> results = conditions.evaluate(probe().withStatus(200).withBody(JSON).facts());

    assertThat(results).containsExactly(
        new ConditionResult("[STATUS] == 200", true, "[STATUS] (200) == 200"),
        new ConditionResult("[BODY].status == UP", true, "[BODY].status (UP) == UP"),
        new ConditionResult("len([BODY].items) > 3", false, "len([BODY].items) (3) > 3"));
  }

  @Test
  void parsesTheBodyAsJsonOnceForAllConditions() {
    Conditions conditions = Conditions.parse(List.of(
        "[BODY].status == UP", "len([BODY].items) == 3", "has([BODY].db.ok) == true", "[BODY].db.ok == true", "[BODY].x != 1"));
    ProbeValues probe = new ProbeValues(body(JSON));

    conditions.evaluate(probe);

    assertThat(probe.jsonParses()).isEqualTo(1);
  }

  @Test
  void aBodyThatIsNotJsonIsAlsoTriedOnce() {
    ProbeValues probe = new ProbeValues(body("<html>"));

    Conditions.parse(List.of("[BODY].a == 1", "[BODY].b == 2", "has([BODY].c) == false")).evaluate(probe);

    assertThat(probe.jsonParses()).isEqualTo(1);
  }

  @Test
  void doesNotParseTheBodyWhenNoConditionLooksIntoIt() {
    ProbeValues probe = new ProbeValues(body(JSON));

    Conditions.parse(List.of("[BODY] == pat(*UP*)", "len([BODY]) > 10", "has([BODY]) == true", "[STATUS] == 0")).evaluate(probe);

    assertThat(probe.jsonParses()).isZero();
  }

  @Test
  void aSingleConditionEvaluatedAloneParsesForItself() {
    assertThat(Condition.parse("[BODY].status == UP").evaluate(body(JSON)).success()).isTrue();
  }

  @Test
  void theFirstConditionThatCannotBeReadRefusesTheList() {
    assertThatThrownBy(() -> Conditions.parse(List.of("[STATUS] == 200", "[STAUTS] == 200", "[STATUS] ==")))
        .isInstanceOf(ConditionSyntaxException.class)
        .hasMessageStartingWith("[STAUTS] == 200: unknown placeholder [STAUTS] at position 0");
  }

  @Test
  void saysWhetherAnyConditionReadsTheBody() {
    assertThat(Conditions.parse(List.of("[STATUS] == 200", "[RESPONSE_TIME] < 500")).readsBody()).isFalse();
    assertThat(Conditions.parse(List.of("[STATUS] == 200", "[BODY].status == UP")).readsBody()).isTrue();
    assertThat(Conditions.parse(List.of()).readsBody()).isFalse();
  }

  @Test
  void theListCannotBeChangedAfterward() {
    List<Condition> list = new java.util.ArrayList<>(List.of(Condition.parse("[STATUS] == 200")));
    Conditions conditions = new Conditions(list);

    list.clear();

    assertThat(conditions.all()).hasSize(1);
  }
}
