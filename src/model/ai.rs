//! Model types of the AI part: the AI systems of the device with their AI Act
//! Annex IV documentation (Art. 11(2): in the device's one technical file) and
//! their Art. 13(3) transparency information for deployers. It owns the types
//! and their serde/JSON Schema shape; the catalogue that maps each Annex IV
//! and Art. 13(3) item to a field is `ai::items`, the rules are `ai::check`.
//!
//! One source of truth: where an Art. 13(3) item says the same as an Annex IV
//! item (intended purpose, human oversight, input data, pre-determined
//! changes), both cite the one field here; the fields of `DeployerInformation`
//! are the Art. 13(3) items that Annex IV does not ask for.
//!
//! Prose fields are Markdown (rendered with their headings nested under the
//! item's heading); short identity fields are plain text.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The AI part. `AiPart::default()` means "the device contains no AI system".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AiPart {
    /// The AI systems (AI Act Art. 3(1)) in the device, each documented on its own.
    pub systems: Vec<AiSystem>,
}

/// One AI system: its identity, every AI Act Annex IV item and the Art. 13(3)
/// information for deployers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AiSystem {
    /// Unique name in the file; risk entries link to the AI system by it.
    pub name: String,
    /// AI Act Annex IV 1(a): version of the system, reflecting its relation to previous versions.
    pub version: String,
    /// AI Act Annex IV 1(a), Art. 13(3)(a): the provider.
    pub provider: Provider,
    /// Kind of model, e.g. `supervised multi-class classifier`.
    pub model_type: String,
    /// Architecture family, e.g. `1D convolutional neural network (ResNet-style)`.
    pub architecture: String,
    /// The software item (IEC 62304 §5.3, `software_items[].name`) that contains this AI system.
    pub software_item: String,
    /// The package URL of the SBOM component that is the trained model: its
    /// version must be this system's, its SHA-256 `model_sha256`.
    pub model_component: String,
    /// SHA-256 of the model file (64 hex digits), the one identity of the
    /// model across the AI part, the SBOM and the SOUP list.
    pub model_sha256: String,
    /// AI Act Annex IV 2(a): pre-trained models, third-party tools and data used.
    pub third_party_components: Vec<ThirdPartyComponent>,
    /// AI Act Annex IV 1: general description.
    pub description: GeneralDescription,
    /// AI Act Annex IV 2: elements of the system and its development process.
    pub development: Development,
    /// AI Act Annex IV 2(d), 2(g), Art. 10: datasheets of the training, validation and test data.
    pub datasets: Vec<Dataset>,
    /// AI Act Annex IV 2(g), 3, Art. 13(3)(b)(ii) and (v): the performance table.
    pub performance: Vec<PerformanceResult>,
    /// AI Act Annex IV 3: monitoring, functioning and control.
    pub monitoring: Monitoring,
    /// AI Act Art. 15, Art. 13(3)(b)(ii): accuracy, robustness and cybersecurity.
    pub accuracy_robustness_cybersecurity: AccuracyRobustnessCybersecurity,
    /// AI Act Annex IV 4: why the chosen performance metrics are appropriate (Markdown).
    pub metrics_rationale: String,
    /// AI Act Annex IV 5: the risk management system (Art. 9) for this AI system (Markdown).
    pub risk_management: String,
    /// AI Act Annex IV 6: relevant changes made by the provider over the lifecycle.
    pub lifecycle_changes: Vec<LifecycleChange>,
    /// AI Act Annex IV 7: harmonised standards, common specifications or other solutions applied.
    pub standards: Vec<StandardApplied>,
    /// AI Act Annex IV 7: where no harmonised standard is applied, the solutions adopted to meet
    /// Chapter III Section 2 (Markdown).
    pub other_solutions: String,
    /// AI Act Annex IV 8: the EU declaration of conformity (Art. 47): a reference to the copy
    /// kept in the file, e.g. an evidence document id (Markdown).
    pub declaration_of_conformity: String,
    /// AI Act Annex IV 2(f), Art. 13(3)(c): the predetermined change control plan.
    pub pccp: ChangeControlPlan,
    /// AI Act Annex IV 9, Art. 72: the post-market monitoring plan.
    pub post_market_monitoring: PostMarketMonitoring,
    /// AI Act Art. 12, Art. 13(3)(f): record-keeping (logs) and how deployers collect,
    /// store and interpret them (Markdown).
    pub logging: String,
    /// AI Act Art. 13(3): the transparency items Annex IV does not already hold.
    pub deployer: DeployerInformation,
}

/// The provider of the AI system (AI Act Art. 3(3)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Provider {
    /// AI Act Annex IV 1(a), Art. 13(3)(a): name of the provider.
    pub name: String,
    /// AI Act Art. 13(3)(a): contact details (address, e-mail).
    pub contact: String,
    /// AI Act Art. 13(3)(a), Art. 22: authorised representative, where applicable.
    pub authorised_representative: String,
}

/// A pre-trained model, third-party tool or dataset the AI system builds on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct ThirdPartyComponent {
    pub name: String,
    pub version: String,
    pub supplier: String,
    /// AI Act Annex IV 2(a): how it was used, integrated or modified by the provider.
    pub usage: String,
    /// SPDX licence expression or licence name.
    pub licence: String,
}

/// AI Act Annex IV 1: general description of the AI system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct GeneralDescription {
    /// AI Act Annex IV 1: what the AI system is and does, in a few paragraphs (Markdown).
    pub summary: String,
    /// AI Act Annex IV 1(a), Art. 13(3)(b)(i): intended purpose (Markdown).
    pub intended_purpose: String,
    /// AI Act Annex IV 1(a): context of use: users, setting, patient population (Markdown).
    pub context_of_use: String,
    /// AI Act Annex IV 1(a): relation of this version to previous versions (Markdown).
    pub previous_versions: String,
    /// AI Act Annex IV 1(b): interaction with hardware or software (other AI systems included)
    /// that is not part of the AI system (Markdown).
    pub interactions: String,
    /// AI Act Annex IV 1(c): versions of relevant software or firmware and requirements on
    /// version updates (Markdown).
    pub software_versions: String,
    /// AI Act Annex IV 1(d): forms in which it is placed on the market or put into service
    /// (embedded software, download, API) (Markdown).
    pub forms_of_placing: String,
    /// AI Act Annex IV 1(e): hardware on which it is intended to run (Markdown).
    pub hardware: String,
    /// AI Act Annex IV 1(f): where it is a component of products, illustrations of their
    /// external features, marking and internal layout (Markdown; where applicable).
    pub product_illustrations: String,
    /// AI Act Annex IV 1(g): basic description of the user interface provided to the deployer
    /// (Markdown).
    pub user_interface: String,
    /// AI Act Annex IV 1(h): instructions for use for the deployer (Markdown; a reference to
    /// the IFU document is enough).
    pub instructions_for_use: String,
}

/// AI Act Annex IV 2: elements of the AI system and its development process.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Development {
    /// AI Act Annex IV 2(a): methods and steps of development, incl. recourse to pre-trained
    /// systems or third-party tools and how they were used (Markdown).
    pub methods: String,
    /// AI Act Annex IV 2(b): design specifications: general logic, key design choices with
    /// rationale and assumptions (incl. about the persons it is used on), classification
    /// choices, what it optimises for, expected output, trade-offs (Markdown).
    pub design_specifications: String,
    /// AI Act Annex IV 2(c): system architecture: how software components build on or feed
    /// into each other (Markdown).
    pub system_architecture: String,
    /// AI Act Annex IV 2(c): computational resources used to develop, train, test and
    /// validate (Markdown).
    pub compute_resources: String,
    /// AI Act Annex IV 2(d): data requirements: training methodologies and techniques, how
    /// data was obtained and selected, labelling procedures, data cleaning (Markdown). The
    /// datasheets themselves are `datasets`.
    pub data_requirements: String,
    /// AI Act Annex IV 2(e): assessment of the human oversight measures needed (Art. 14),
    /// incl. technical measures that help deployers interpret outputs (Markdown).
    pub human_oversight_assessment: String,
    /// AI Act Annex IV 2(g): validation and testing procedures, data used, metrics
    /// (accuracy, robustness, discriminatory impacts), test logs and signed, dated reports
    /// (Markdown; the results are `performance`).
    pub validation_and_testing: String,
    /// AI Act Annex IV 2(h): cybersecurity measures put in place (Markdown).
    pub cybersecurity_measures: String,
}

crate::model::keyword_enum! {
    /// What a dataset is used for.
    pub enum DatasetPurpose {
        Training = "training",
        Validation = "validation",
        Test = "test",
        /// Data used for both training and (cross-)validation.
        TrainingValidation = "training-validation",
        /// Post-market or other reference data.
        Other = "other",
    }
}

impl DatasetPurpose {
    /// Whether results on this dataset count as validation or test evidence.
    pub fn is_evaluation(self) -> bool {
        matches!(self, DatasetPurpose::Validation | DatasetPurpose::Test)
    }
}

/// A datasheet (AI Act Annex IV 2(d), Art. 10(2)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Dataset {
    /// Unique name in the AI system; performance rows refer to it.
    pub name: String,
    /// Training, validation or test (Annex IV 2(d), 2(g)).
    pub purpose: Option<DatasetPurpose>,
    /// AI Act Annex IV 2(d), Art. 10(2)(b): provenance and how the data was obtained and selected.
    pub provenance: String,
    /// Size, e.g. `47 subjects, 48 recordings, 109,446 annotated beats`.
    pub size: String,
    /// The number of records (recordings, images, ...) as a number: the
    /// `sources` add up to it.
    pub records: Option<u64>,
    /// Where the records come from (sites, archives, record sets), each with
    /// its number of records; a test or validation set shares no source with
    /// a training set (AI Act Art. 10(3); no overlap between training and test).
    pub sources: Vec<DatasetSource>,
    /// When the data was collected, e.g. `1975-1979`.
    pub collection_period: String,
    /// AI Act Art. 10(4): the population, setting and geography the data represents.
    pub population: String,
    /// AI Act Art. 10(2)(f), 10(4): composition by group (sex, age band, ...); performance
    /// rows with a matching `subgroup` report results per group.
    pub demographics: Vec<DemographicGroup>,
    /// AI Act Annex IV 2(d), Art. 10(2)(c): labelling (annotation) process.
    pub labelling: String,
    /// AI Act Annex IV 2(d), Art. 10(2)(c): cleaning and other preparation.
    pub cleaning: String,
    /// Licence or terms of use of the data.
    pub licence: String,
    /// Where the data or its description can be found.
    pub url: String,
}

/// One source of a dataset's records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct DatasetSource {
    /// The source, unique across the system's datasets when its records are
    /// disjoint, e.g. `Klinikum Nord, Holter 2019-2021, patients 1-4800`.
    pub name: String,
    /// How many of the dataset's records come from it.
    pub records: Option<u64>,
}

/// One group in a dataset's composition, e.g. attribute `sex`, group `female`, share `48 %`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct DemographicGroup {
    /// The attribute, e.g. `sex`, `age`.
    pub attribute: String,
    /// The group, e.g. `female`, `65+`.
    pub group: String,
    /// How much of the dataset it is, e.g. `22 recordings (46 %)`.
    pub share: String,
}

impl DemographicGroup {
    /// The subgroup label performance rows use for this group: `attribute: group`.
    pub fn label(&self) -> String {
        format!("{}: {}", self.attribute.trim(), self.group.trim())
    }
}

crate::model::keyword_enum! {
    /// How a measured value is compared with its threshold.
    pub enum Comparator {
        AtLeast = ">=",
        Above = ">",
        AtMost = "<=",
        Below = "<",
    }
}

impl Comparator {
    /// The sign as printed in the technical file.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::Above => ">",
            Comparator::AtMost => "≤",
            Comparator::Below => "<",
        }
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparator::AtLeast => value >= threshold,
            Comparator::Above => value > threshold,
            Comparator::AtMost => value <= threshold,
            Comparator::Below => value < threshold,
        }
    }
}

/// Which estimate an acceptance criterion is judged on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Estimate {
    /// The point estimate (`value`).
    #[default]
    Value,
    /// The lower bound of the confidence interval (the usual, conservative choice for `>=`).
    CiLower,
    /// The upper bound of the confidence interval (for `<=` criteria such as error rates).
    CiUpper,
}

impl Estimate {
    pub fn as_str(self) -> &'static str {
        match self {
            Estimate::Value => "value",
            Estimate::CiLower => "ci-lower",
            Estimate::CiUpper => "ci-upper",
        }
    }
}

/// A pre-specified acceptance criterion, e.g. lower 95 % CI bound of sensitivity >= 0.90.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub comparator: Comparator,
    pub threshold: f64,
    /// The estimate judged: the value (default) or a confidence bound.
    #[serde(default)]
    pub on: Estimate,
}

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceInterval {
    pub lower: f64,
    pub upper: f64,
    /// Confidence level, e.g. `0.95`.
    #[serde(default = "default_level")]
    pub level: f64,
}

fn default_level() -> f64 {
    0.95
}

/// One row of the performance table (AI Act Annex IV 2(g) and 3, Art. 13(3)(b)(ii) and (v)).
/// Pass/fail is never stored: it is computed from `value`, `ci` and `acceptance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct PerformanceResult {
    /// A short id prose cites the figure by (`[[metric:AF-SENS]]`); unique
    /// across the AI part when set.
    pub id: String,
    /// The metric, e.g. `sensitivity`, `specificity`, `AUROC`, `mean Dice`.
    pub metric: String,
    /// The output class the metric is for (e.g. `atrial fibrillation`); empty for all classes.
    pub class: String,
    /// The measured value (a proportion 0-1 for rates).
    pub value: Option<f64>,
    /// Confidence interval of `value`.
    pub ci: Option<ConfidenceInterval>,
    /// The dataset (`datasets[].name`) it was measured on.
    pub dataset: String,
    /// AI Act Annex IV 3, Art. 13(3)(b)(v): the group of persons, written `attribute: group`
    /// as in the dataset's demographics (e.g. `sex: female`); empty for the whole dataset.
    pub subgroup: String,
    /// The pre-specified acceptance criterion.
    pub acceptance: Option<Acceptance>,
    /// Notes, e.g. the test report id, or a value that is not a number as imported.
    pub note: String,
}

/// The outcome of judging a performance row against its acceptance criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Fail,
    /// No acceptance criterion was given.
    NoCriterion,
    /// The criterion names an estimate (value or CI bound) that is not given.
    NoValue,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::NoCriterion => "no criterion",
            Verdict::NoValue => "no value",
        }
    }
}

impl PerformanceResult {
    /// Pass/fail of this row against its acceptance criterion.
    pub fn verdict(&self) -> Verdict {
        let Some(acc) = self.acceptance else {
            return Verdict::NoCriterion;
        };
        let estimate = match acc.on {
            Estimate::Value => self.value,
            Estimate::CiLower => self.ci.map(|c| c.lower),
            Estimate::CiUpper => self.ci.map(|c| c.upper),
        };
        match estimate {
            Some(v) if v.is_finite() && acc.threshold.is_finite() => {
                if acc.comparator.holds(v, acc.threshold) {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                }
            }
            _ => Verdict::NoValue,
        }
    }
}

/// AI Act Annex IV 3: monitoring, functioning and control.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Monitoring {
    /// AI Act Annex IV 3: capabilities and limitations in performance, incl. the overall
    /// expected level of accuracy for the intended purpose (Markdown; per-group accuracy is
    /// the performance table's subgroup rows).
    pub capabilities_and_limitations: String,
    /// AI Act Annex IV 3, Art. 13(3)(b)(iii): foreseeable unintended outcomes and sources of
    /// risk to health, safety, fundamental rights, and of discrimination (Markdown).
    pub unintended_outcomes: String,
    /// AI Act Art. 13(3)(b)(iii), Art. 9(2)(b): reasonably foreseeable misuse (Markdown).
    pub foreseeable_misuse: String,
    /// AI Act Annex IV 3, Art. 13(3)(d), Art. 14: human oversight measures, incl. technical
    /// measures that help deployers interpret outputs (Markdown).
    pub human_oversight: String,
    /// AI Act Annex IV 3, Art. 13(3)(b)(vi): specifications of the input data (Markdown).
    pub input_data_specification: String,
}

/// AI Act Art. 15 and Art. 13(3)(b)(ii): levels of accuracy, robustness and cybersecurity
/// against which the system was tested, and what may affect them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AccuracyRobustnessCybersecurity {
    /// AI Act Art. 15(1)-(3): declared accuracy levels and metrics (Markdown; the numbers are
    /// the performance table).
    pub accuracy: String,
    /// AI Act Art. 15(4): robustness: resilience to errors, faults, inconsistencies (noise,
    /// artefacts, devices), fail-safe behaviour (Markdown).
    pub robustness: String,
    /// AI Act Art. 15(5): resilience against attempts to alter use or performance (data
    /// poisoning, adversarial examples, model extraction) (Markdown).
    pub cybersecurity: String,
    /// AI Act Art. 13(3)(b)(ii): known and foreseeable circumstances that may affect these
    /// levels (Markdown).
    pub circumstances_affecting_performance: String,
}

/// One relevant change over the lifecycle (AI Act Annex IV 6).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct LifecycleChange {
    pub version: String,
    /// ISO 8601 date.
    pub date: String,
    pub description: String,
    /// Whether the change was made under the predetermined change control plan.
    pub under_pccp: bool,
}

/// A harmonised standard, common specification or other specification applied (Annex IV 7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct StandardApplied {
    /// E.g. `ISO/IEC 23894:2023`.
    pub reference: String,
    pub title: String,
    /// Fully, or which parts.
    pub extent: String,
}

/// AI Act Annex IV 2(f), Art. 13(3)(c): changes to the system and its performance
/// pre-determined at the initial conformity assessment (a predetermined change control plan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct ChangeControlPlan {
    /// The planned modifications and their bounds (Markdown); empty when none are planned.
    pub planned_changes: String,
    /// How each change is developed, validated and released (data, retraining, acceptance
    /// criteria, rollback), keeping Chapter III Section 2 compliance (Markdown).
    pub modification_protocol: String,
    /// Assessment of the changes' impact on safety, performance and groups of persons (Markdown).
    pub impact_assessment: String,
}

/// AI Act Annex IV 9, Art. 72: the post-market monitoring system and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct PostMarketMonitoring {
    /// AI Act Art. 72(3): the post-market monitoring plan: data collected, methods, frequency,
    /// responsibilities, link to the MDR PMS plan (Markdown).
    pub plan: String,
    /// Indicators watched in use and the thresholds that trigger action.
    pub indicators: Vec<MonitoringIndicator>,
}

/// A performance or safety indicator watched after placing on the market.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringIndicator {
    pub indicator: String,
    /// Where the data comes from, e.g. `clinician overrides logged by the device`.
    pub source: String,
    /// E.g. `monthly`.
    pub frequency: String,
    /// What triggers an investigation or a corrective action.
    pub trigger: String,
}

/// AI Act Art. 13(3): the items of the instructions for deployers that Annex IV does not
/// already hold (the others are cited from their Annex IV fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct DeployerInformation {
    /// AI Act Art. 13(3)(b)(iv): technical capabilities to provide information that explains
    /// the output (Markdown).
    pub explainability: String,
    /// AI Act Art. 13(3)(b)(vii): how to interpret the output and use it appropriately (Markdown).
    pub output_interpretation: String,
    /// AI Act Art. 13(3)(e): computational and hardware resources needed (Markdown).
    pub compute_and_hardware: String,
    /// AI Act Art. 13(3)(e): expected lifetime of the AI system.
    pub expected_lifetime: String,
    /// AI Act Art. 13(3)(e): maintenance and care measures and their frequency, software
    /// updates included (Markdown).
    pub maintenance: String,
}
