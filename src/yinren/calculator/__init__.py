"""政策计算器: a step-by-step questionnaire whose answers the rules engine turns into benefits."""
