//! The rules of the ai part: id, usual severity, clause, what each checks
//! (one rule a line; `crate::rules!` makes the constants and `RULES`).

crate::rules! {
    NAME = "ai.system-name", Error, "AI Act Annex IV 1(a)", "Each AI system has a unique name";
    SOFTWARE_ITEM = "ai.software-item", Error, "AI Act Annex IV 1(b); IEC 62304 §5.3", "An AI system's software item exists";
    RISK_LINK = "ai.risk-link", Error, "AI Act Art. 9; Annex IV 5", "An AI system is linked from at least one risk entry";
    METRIC_CI = "ai.metric-ci", Error, "AI Act Annex IV 2(g), 3", "A performance figure has a consistent confidence interval";
    METRIC_CRITERION = "ai.metric-criterion", Error, "AI Act Annex IV 2(g)", "A performance figure is judged against a pre-specified acceptance criterion";
    METRIC_FAIL = "ai.metric-fail", Error, "AI Act Annex IV 2(g); Art. 15(1)", "A performance figure meets its acceptance criterion";
    SUBGROUP = "ai.subgroup", Warning, "AI Act Annex IV 3; Art. 13(3)(b)(v)", "Performance is given for the groups of persons the data describes";
    DATASET = "ai.dataset", Error, "AI Act Annex IV 2(d); Art. 10", "Each dataset has a unique name, a purpose and a complete datasheet";
    PERFORMANCE = "ai.performance", Error, "AI Act Annex IV 2(g)", "Validation or test data are described and each performance row names its metric, value and dataset";
    PCCP = "ai.change-protocol", Error, "AI Act Annex IV 2(f); Art. 43(4)", "Planned pre-determined changes have a protocol that keeps them compliant";
    ITEM_MISSING = "ai.item-missing", Error, "AI Act Annex IV 1-9; Art. 13(3)", "Every Annex IV and Art. 13(3) item of the catalogue is answered (warning where it applies only in some cases)";
}
