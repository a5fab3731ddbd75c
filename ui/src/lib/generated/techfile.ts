// Generated from the Rust types of the techfile crate (src/model, src/diag.rs,
// src/*/view.rs) by techfile::ts::library(); do not edit. Regenerate with
//   TECHFILE_UPDATE_GENERATED=1 cargo test -p techfile --test suite generated_types

// ---- Project file model (src/model) ----

/**
 * ISO 14971 §4.4 d): acceptability of a risk (a matrix cell).
 */
export type Acceptability = "acceptable" | "alarp" | "unacceptable";

/**
 * A pre-specified acceptance criterion, e.g. lower 95 % CI bound of sensitivity >= 0.90.
 */
export type Acceptance = {
  comparator: Comparator,
  threshold: number,
  /**
   * The estimate judged: the value (default) or a confidence bound.
   */
  on: Estimate,
};

/**
 * AI Act Art. 15 and Art. 13(3)(b)(ii): levels of accuracy, robustness and cybersecurity
 * against which the system was tested, and what may affect them.
 */
export type AccuracyRobustnessCybersecurity = {
  /**
   * AI Act Art. 15(1)-(3): declared accuracy levels and metrics (Markdown; the numbers are
   * the performance table).
   */
  accuracy: string,
  /**
   * AI Act Art. 15(4): robustness: resilience to errors, faults, inconsistencies (noise,
   * artefacts, devices), fail-safe behaviour (Markdown).
   */
  robustness: string,
  /**
   * AI Act Art. 15(5): resilience against attempts to alter use or performance (data
   * poisoning, adversarial examples, model extraction) (Markdown).
   */
  cybersecurity: string,
  /**
   * AI Act Art. 13(3)(b)(ii): known and foreseeable circumstances that may affect these
   * levels (Markdown).
   */
  circumstances_affecting_performance: string,
};

/**
 * How the AI Act (EU) 2024/1689 classifies the device's AI systems.
 */
export type AiActApplicability = {
  classification: AiActClass | null,
  /**
   * Why, e.g. "A safety component of a class IIa device under the MDR,
   * which Annex I Section A lists, assessed by a notified body".
   */
  rationale: string,
};

/**
 * The AI Act classification.
 */
export type AiActClass = "high-risk-art-6-1" | "high-risk-art-6-2" | "not-high-risk" | "not-an-ai-system";

/**
 * The AI part. `AiPart::default()` means "the device contains no AI system".
 */
export type AiPart = {
  /**
   * The AI systems (AI Act Art. 3(1)) in the device, each documented on its own.
   */
  systems: Array<AiSystem>,
};

/**
 * One AI system: its identity, every AI Act Annex IV item and the Art. 13(3)
 * information for deployers.
 */
export type AiSystem = {
  /**
   * Unique name in the file; risk entries link to the AI system by it.
   */
  name: string,
  /**
   * AI Act Annex IV 1(a): version of the system, reflecting its relation to previous versions.
   */
  version: string,
  /**
   * AI Act Annex IV 1(a), Art. 13(3)(a): the provider.
   */
  provider: Provider,
  /**
   * Kind of model, e.g. `supervised multi-class classifier`.
   */
  model_type: string,
  /**
   * Architecture family, e.g. `1D convolutional neural network (ResNet-style)`.
   */
  architecture: string,
  /**
   * The software item (IEC 62304 §5.3, `software_items[].name`) that contains this AI system.
   */
  software_item: string,
  /**
   * The package URL of the SBOM component that is the trained model: its
   * version must be this system's, its SHA-256 `model_sha256`.
   */
  model_component: string,
  /**
   * SHA-256 of the model file (64 hex digits), the one identity of the
   * model across the AI part, the SBOM and the SOUP list.
   */
  model_sha256: string,
  /**
   * AI Act Annex IV 2(a): pre-trained models, third-party tools and data used.
   */
  third_party_components: Array<ThirdPartyComponent>,
  /**
   * AI Act Annex IV 1: general description.
   */
  description: GeneralDescription,
  /**
   * AI Act Annex IV 2: elements of the system and its development process.
   */
  development: Development,
  /**
   * AI Act Annex IV 2(d), 2(g), Art. 10: datasheets of the training, validation and test data.
   */
  datasets: Array<Dataset>,
  /**
   * AI Act Annex IV 2(g), 3, Art. 13(3)(b)(ii) and (v): the performance table.
   */
  performance: Array<PerformanceResult>,
  /**
   * AI Act Annex IV 3: monitoring, functioning and control.
   */
  monitoring: Monitoring,
  /**
   * AI Act Art. 15, Art. 13(3)(b)(ii): accuracy, robustness and cybersecurity.
   */
  accuracy_robustness_cybersecurity: AccuracyRobustnessCybersecurity,
  /**
   * AI Act Annex IV 4: why the chosen performance metrics are appropriate (Markdown).
   */
  metrics_rationale: string,
  /**
   * AI Act Annex IV 5: the risk management system (Art. 9) for this AI system (Markdown).
   */
  risk_management: string,
  /**
   * AI Act Annex IV 6: relevant changes made by the provider over the lifecycle.
   */
  lifecycle_changes: Array<LifecycleChange>,
  /**
   * AI Act Annex IV 7: harmonised standards, common specifications or other solutions applied.
   */
  standards: Array<StandardApplied>,
  /**
   * AI Act Annex IV 7: where no harmonised standard is applied, the solutions adopted to meet
   * Chapter III Section 2 (Markdown).
   */
  other_solutions: string,
  /**
   * AI Act Annex IV 8: the EU declaration of conformity (Art. 47): a reference to the copy
   * kept in the file, e.g. an evidence document id (Markdown).
   */
  declaration_of_conformity: string,
  /**
   * AI Act Annex IV 2(f), Art. 13(3)(c): the predetermined change control plan.
   */
  pccp: ChangeControlPlan,
  /**
   * AI Act Annex IV 9, Art. 72: the post-market monitoring plan.
   */
  post_market_monitoring: PostMarketMonitoring,
  /**
   * AI Act Art. 12, Art. 13(3)(f): record-keeping (logs) and how deployers collect,
   * store and interpret them (Markdown).
   */
  logging: string,
  /**
   * AI Act Art. 13(3): the transparency items Annex IV does not already hold.
   */
  deployer: DeployerInformation,
};

/**
 * The project's statement of the acts that apply.
 */
export type Applicability = {
  /**
   * The device regulation the file answers.
   */
  regulation: DeviceRegulation | null,
  /**
   * The AI Act classification of the device's AI systems.
   */
  ai_act: AiActApplicability,
  /**
   * The manufacturer's products that are not devices and fall under the
   * CRA (a non-device companion app, a gateway). The device itself never
   * does (CRA Art. 2(2)(a)-(b)); its cybersecurity is MDR Annex I §17.2,
   * §17.4 and §18.8 (IVDR Annex I §16).
   */
  cra_products: Array<CraProduct>,
};

/**
 * One approval of this version.
 */
export type Approval = {
  name: string,
  role: string,
  /**
   * ISO 8601 date.
   */
  date: string,
  /**
   * What the signature means, e.g. "Reviewed and approved for release".
   */
  meaning: string,
  /**
   * The subject of the certificate this approver signs the submission
   * package with (`techfile package --sign`), e.g. `CN=Jane Doe,O=Acme`.
   */
  certificate_subject: string,
  /**
   * That certificate's SHA-256 fingerprint (hex; colons allowed):
   * `techfile verify` refuses a package signed by another certificate
   * when any approval records one.
   */
  certificate_sha256: string,
};

/**
 * The VEX assessment of a vulnerability for one component (CISA VEX minimum
 * requirements; CycloneDX `analysis`; OpenVEX statement).
 */
export type Assessment = {
  /**
   * `id` of the component (or the reference as written when it matched none).
   */
  component: string,
  /**
   * `not_affected`, `affected`, `fixed`, `under_investigation`; empty: not assessed.
   */
  status: string,
  /**
   * For `not_affected`: why (OpenVEX / CycloneDX justification, as written).
   */
  justification: string,
  /**
   * For `affected`: the action or response (update, workaround, ...).
   */
  action: string,
  /**
   * Free-text detail or impact statement.
   */
  detail: string,
  /**
   * The state as the source wrote it (CycloneDX `analysis.state`, OpenVEX `status`).
   */
  source_state: string,
  /**
   * The file the assessment came from.
   */
  origin: string,
};

/**
 * AI Act Annex IV 2(f), Art. 13(3)(c): changes to the system and its performance
 * pre-determined at the initial conformity assessment (a predetermined change control plan).
 */
export type ChangeControlPlan = {
  /**
   * The planned modifications and their bounds (Markdown); empty when none are planned.
   */
  planned_changes: string,
  /**
   * How each change is developed, validated and released (data, retraining, acceptance
   * criteria, rollback), keeping Chapter III Section 2 compliance (Markdown).
   */
  modification_protocol: string,
  /**
   * Assessment of the changes' impact on safety, performance and groups of persons (Markdown).
   */
  impact_assessment: string,
};

/**
 * A narrative chapter in Markdown, keyed to the clauses it answers.
 */
export type Chapter = {
  /**
   * Stable id, unique in the file, e.g. `design-and-manufacturing`.
   */
  id: string,
  title: string,
  /**
   * Clause ids from `model::clauses`, e.g. `MDR-II-3`, `AIA-IV-2` (`CRA-VII-2`
   * only for a non-device product of `applicability.cra_products`).
   */
  clauses: Array<string>,
  /**
   * The chapter text in Markdown (GFM tables, footnotes, task lists).
   */
  body: string,
};

/**
 * How a measured value is compared with its threshold.
 */
export type Comparator = ">=" | ">" | "<=" | "<";

/**
 * One component (SOUP item when it is third-party software; IEC 62304 §3.29).
 */
export type Component = {
  /**
   * Identity in the device inventory: the purl, else `name@version`
   * (with `group/` when there is one). Dependencies refer to it.
   */
  id: string,
  /**
   * CycloneDX component type (`library`, `framework`, `machine-learning-model`, ...)
   * or SPDX primary package purpose, lower case; unknown values are kept.
   */
  type: string,
  /**
   * CycloneDX `group` (e.g. Maven groupId, npm scope).
   */
  group: string,
  /**
   * NTIA: component name; IEC 62304 §8.1.2 SOUP title.
   */
  name: string,
  /**
   * NTIA: version; IEC 62304 §8.1.2 SOUP version.
   */
  version: string,
  /**
   * NTIA: supplier; IEC 62304 §8.1.2 SOUP manufacturer.
   */
  supplier: string,
  /**
   * Author or originator of the component.
   */
  author: string,
  description: string,
  /**
   * NTIA unique identifier: Package URL.
   */
  purl: string,
  /**
   * NTIA unique identifier: CPE 2.2 or 2.3.
   */
  cpe: string,
  /**
   * NTIA unique identifier: SWID tag id.
   */
  swid: string,
  /**
   * Cryptographic hashes of the component.
   */
  hashes: Array<Hash>,
  /**
   * Licences as SPDX expressions (or licence names where the source gives no id).
   */
  licenses: Array<string>,
  /**
   * CycloneDX scope: `required`, `optional`, `excluded` (empty: not stated).
   */
  scope: string,
  /**
   * `id` of the enclosing component for nested CycloneDX components.
   */
  parent: string,
  /**
   * The component's actual file name, without a path (BSI TR-03183-2
   * §5.2.2): CycloneDX property `bsi:component:filename`, SPDX 2
   * `packageFileName`, as written.
   */
  file_name?: string,
  /**
   * Whether the source enumerates this component's dependencies, even as
   * none (a CycloneDX `dependencies` entry for it; an SPDX dependency
   * relationship from it) (BSI TR-03183-2 §5.2.2).
   */
  dependencies_stated?: boolean,
  /**
   * NTIA dependency relationship: `id`s of the components this one depends on.
   * A reference the source could not resolve is kept as written.
   */
  depends_on: Array<string>,
  /**
   * The software items whose SBOMs list this component.
   */
  items: Array<string>,
  /**
   * The reference the source used for it (CycloneDX `bom-ref`, SPDX `SPDXID`);
   * separate VEX documents point at components by it.
   */
  source_ref: string,
  /**
   * IEC 62304 SOUP documentation, kept across re-imports.
   */
  soup: Soup,
};

/**
 * A confidence interval.
 */
export type ConfidenceInterval = {
  lower: number,
  upper: number,
  /**
   * Confidence level, e.g. `0.95`.
   */
  level: number,
};

/**
 * Conformity assessment route (MDR Art. 52, IVDR Art. 48).
 */
export type ConformityRoute = "self-declaration" | "annex-ix" | "annex-x-xi" | "annex-xi-part-a";

/**
 * ISO 14971 §7.1: risk control options, in priority order.
 */
export type ControlType = "inherent-safety" | "protective-measure" | "information-for-safety";

/**
 * A product of the manufacturer that is not a device and falls under the
 * CRA; its documentation is the CRA profile (Annex VII), not the device's.
 */
export type CraProduct = {
  name: string,
  /**
   * What it is and why it is not a device.
   */
  description: string,
};

/**
 * A datasheet (AI Act Annex IV 2(d), Art. 10(2)).
 */
export type Dataset = {
  /**
   * Unique name in the AI system; performance rows refer to it.
   */
  name: string,
  /**
   * Training, validation or test (Annex IV 2(d), 2(g)).
   */
  purpose: DatasetPurpose | null,
  /**
   * AI Act Annex IV 2(d), Art. 10(2)(b): provenance and how the data was obtained and selected.
   */
  provenance: string,
  /**
   * Size, e.g. `47 subjects, 48 recordings, 109,446 annotated beats`.
   */
  size: string,
  /**
   * The number of records (recordings, images, ...) as a number: the
   * `sources` add up to it.
   */
  records: number | null,
  /**
   * Where the records come from (sites, archives, record sets), each with
   * its number of records; a test or validation set shares no source with
   * a training set (AI Act Art. 10(3); no overlap between training and test).
   */
  sources: Array<DatasetSource>,
  /**
   * When the data was collected, e.g. `1975-1979`.
   */
  collection_period: string,
  /**
   * AI Act Art. 10(4): the population, setting and geography the data represents.
   */
  population: string,
  /**
   * AI Act Art. 10(2)(f), 10(4): composition by group (sex, age band, ...); performance
   * rows with a matching `subgroup` report results per group.
   */
  demographics: Array<DemographicGroup>,
  /**
   * AI Act Annex IV 2(d), Art. 10(2)(c): labelling (annotation) process.
   */
  labelling: string,
  /**
   * AI Act Annex IV 2(d), Art. 10(2)(c): cleaning and other preparation.
   */
  cleaning: string,
  /**
   * Licence or terms of use of the data.
   */
  licence: string,
  /**
   * Where the data or its description can be found.
   */
  url: string,
};

/**
 * What a dataset is used for.
 */
export type DatasetPurpose = "training" | "validation" | "test" | "training-validation" | "other";

/**
 * One source of a dataset's records.
 */
export type DatasetSource = {
  /**
   * The source, unique across the system's datasets when its records are
   * disjoint, e.g. `Klinikum Nord, Holter 2019-2021, patients 1-4800`.
   */
  name: string,
  /**
   * How many of the dataset's records come from it.
   */
  records: number | null,
};

/**
 * What the EU declaration of conformity needs beyond the device, the
 * applicability and the standards register (MDR Annex IV 9-10, AI Act
 * Annex V 7-8).
 */
export type Declaration = {
  /**
   * The declaration's own number or id, e.g. `DoC-CSA-003`.
   */
  number: string,
  /**
   * Place of issue.
   */
  place: string,
  /**
   * Date of issue (ISO 8601 `YYYY-MM-DD`).
   */
  date: string,
  /**
   * Name of the signatory.
   */
  signatory: string,
  /**
   * Function of the signatory.
   */
  function: string,
  /**
   * For and on behalf of whom the signatory signs (default: the manufacturer).
   */
  on_behalf_of: string,
  /**
   * Certificates issued by the notified body (MDR Annex IV 9).
   */
  certificates: Array<string>,
  /**
   * Whether the AI system processes personal data (AI Act Annex V 5:
   * then the declaration states compliance with Regulation (EU)
   * 2016/679 and 2018/1725 and Directive (EU) 2016/680).
   */
  personal_data: boolean,
  /**
   * Additional information (MDR Annex IV 10), if any.
   */
  additional_information: string,
};

/**
 * One group in a dataset's composition, e.g. attribute `sex`, group `female`, share `48 %`.
 */
export type DemographicGroup = {
  /**
   * The attribute, e.g. `sex`, `age`.
   */
  attribute: string,
  /**
   * The group, e.g. `female`, `65+`.
   */
  group: string,
  /**
   * How much of the dataset it is, e.g. `22 recordings (46 %)`.
   */
  share: string,
};

/**
 * AI Act Art. 13(3): the items of the instructions for deployers that Annex IV does not
 * already hold (the others are cited from their Annex IV fields).
 */
export type DeployerInformation = {
  /**
   * AI Act Art. 13(3)(b)(iv): technical capabilities to provide information that explains
   * the output (Markdown).
   */
  explainability: string,
  /**
   * AI Act Art. 13(3)(b)(vii): how to interpret the output and use it appropriately (Markdown).
   */
  output_interpretation: string,
  /**
   * AI Act Art. 13(3)(e): computational and hardware resources needed (Markdown).
   */
  compute_and_hardware: string,
  /**
   * AI Act Art. 13(3)(e): expected lifetime of the AI system.
   */
  expected_lifetime: string,
  /**
   * AI Act Art. 13(3)(e): maintenance and care measures and their frequency, software
   * updates included (Markdown).
   */
  maintenance: string,
};

/**
 * AI Act Annex IV 2: elements of the AI system and its development process.
 */
export type Development = {
  /**
   * AI Act Annex IV 2(a): methods and steps of development, incl. recourse to pre-trained
   * systems or third-party tools and how they were used (Markdown).
   */
  methods: string,
  /**
   * AI Act Annex IV 2(b): design specifications: general logic, key design choices with
   * rationale and assumptions (incl. about the persons it is used on), classification
   * choices, what it optimises for, expected output, trade-offs (Markdown).
   */
  design_specifications: string,
  /**
   * AI Act Annex IV 2(c): system architecture: how software components build on or feed
   * into each other (Markdown).
   */
  system_architecture: string,
  /**
   * AI Act Annex IV 2(c): computational resources used to develop, train, test and
   * validate (Markdown).
   */
  compute_resources: string,
  /**
   * AI Act Annex IV 2(d): data requirements: training methodologies and techniques, how
   * data was obtained and selected, labelling procedures, data cleaning (Markdown). The
   * datasheets themselves are `datasets`.
   */
  data_requirements: string,
  /**
   * AI Act Annex IV 2(e): assessment of the human oversight measures needed (Art. 14),
   * incl. technical measures that help deployers interpret outputs (Markdown).
   */
  human_oversight_assessment: string,
  /**
   * AI Act Annex IV 2(g): validation and testing procedures, data used, metrics
   * (accuracy, robustness, discriminatory impacts), test logs and signed, dated reports
   * (Markdown; the results are `performance`).
   */
  validation_and_testing: string,
  /**
   * AI Act Annex IV 2(h): cybersecurity measures put in place (Markdown).
   */
  cybersecurity_measures: string,
};

/**
 * The device, MDR Annex II section 1.1 (device description and specification).
 */
export type Device = {
  /**
   * MDR Annex II 1.1(a): product or trade name.
   */
  trade_name: string,
  /**
   * MDR Annex II 1.1(a): general description.
   */
  description: string,
  manufacturer: Manufacturer,
  /**
   * MDR Annex II 1.1(b): Basic UDI-DI (Art. 27, Annex VI Part C).
   */
  basic_udi_di: string,
  /**
   * UDI-DIs of the device's variants (GS1 GTIN-14, HIBCC or ICCBBA).
   */
  udi_dis: Array<string>,
  /**
   * MDR Art. 51 / Annex VIII class; IVDR Art. 47 / Annex VIII classes A-D.
   */
  risk_class: RiskClass | null,
  /**
   * MDR Annex II 1.1(f): the Annex VIII classification rule applied, e.g. `Rule 11`.
   */
  classification_rule: string,
  /**
   * MDR Annex II 1.1(c): intended purpose (Art. 2(12)).
   */
  intended_purpose: string,
  /**
   * MDR Annex II 1.1(c): intended users.
   */
  intended_users: string,
  /**
   * MDR Annex II 1.1(c): intended patient population.
   */
  patient_population: string,
  /**
   * MDR Annex II 1.1(c): indications.
   */
  indications: Array<string>,
  /**
   * MDR Annex II 1.1(c): contraindications.
   */
  contraindications: Array<string>,
  /**
   * MDR Annex II 1.1(c): warnings.
   */
  warnings: Array<string>,
  /**
   * MDR Annex II 1.1(d): principle of operation and mode of action.
   */
  principle_of_operation: string,
  /**
   * MDR Annex II 1.1(e): rationale for qualification as a device.
   */
  qualification_rationale: string,
  /**
   * MDR Annex II 1.1(g): novel features.
   */
  novel_features: string,
  /**
   * MDR Annex II 1.1(i): variants and configurations.
   */
  variants: Array<Variant>,
  /**
   * MDR Annex II 1.1(h): accessories.
   */
  accessories: Array<string>,
  /**
   * MDR Annex II 1.1(j): key functional elements, software included.
   */
  key_functional_elements: string,
  /**
   * MDR Annex II 1.2: previous and similar generations.
   */
  previous_generations: string,
  /**
   * Four-digit notified body number (NANDO).
   */
  notified_body: string,
  /**
   * The notified body's name, as the certificate and the EU declaration
   * of conformity give it (MDR Annex IV 9).
   */
  notified_body_name: string,
  /**
   * The software release this file documents, e.g. `3.2.1` (MDR Annex II
   * 1.1(a), Annex VI Part C 6.5): text naming another version of the
   * device is a finding.
   */
  version: string,
  /**
   * Conformity assessment route (MDR Art. 52).
   */
  conformity_route: ConformityRoute | null,
  /**
   * European Medical Device Nomenclature code, e.g. `Z12040192`.
   */
  emdn_code: string,
};

/**
 * The device regulation.
 */
export type DeviceRegulation = "mdr" | "ivdr";

/**
 * One entry of the document register: a controlled document kept outside
 * the technical file and cited from it (MDR Annex II asks for the file to be
 * readily searchable and unambiguous, so each citation is an id and version
 * that resolves here).
 */
export type Document = {
  /**
   * The document's own id, e.g. `VVR-ECG-014`; unique in the file.
   */
  document_id: string,
  title: string,
  version: string,
  /**
   * Date of that version (ISO 8601 `YYYY-MM-DD`).
   */
  date: string,
  /**
   * Where the document stands in document control.
   */
  status: DocumentStatus | null,
  /**
   * The file, as a path relative to the project file (schema version 1:
   * `file_name`).
   */
  file: string,
  /**
   * SHA-256 of the file, 64 lowercase hex digits.
   */
  sha256: string,
  /**
   * The software version the document covers (a test report's build, say).
   */
  software_version: string,
};

/**
 * Document control of the technical file itself.
 */
export type DocumentControl = {
  /**
   * The manufacturer's document number, e.g. `TF-ECG-001`.
   */
  document_id: string,
  /**
   * Title of the technical file.
   */
  title: string,
  /**
   * Version of this document, e.g. `2.1`.
   */
  version: string,
  /**
   * Date of this version (ISO 8601 `YYYY-MM-DD`). Exports take their date
   * from here, never from the clock.
   */
  date: string,
  /**
   * Release status of this version, e.g. `Released`, `Draft`, `In review`
   * (shown on the cover).
   */
  status: string,
  /**
   * Confidentiality marking, e.g. `Confidential — for the notified body`
   * (shown on the cover).
   */
  confidentiality: string,
  /**
   * Revision history, oldest first.
   */
  revisions: Array<Revision>,
  /**
   * Approvals (signatures) of this version.
   */
  approvals: Array<Approval>,
  /**
   * The pattern (a regular expression) of the document ids the file's
   * text cites; each one found must be in the document register. Empty:
   * the default, ids like `STR-CSA-008` (`core::register::DEFAULT_ID_PATTERN`).
   */
  document_id_pattern: string,
};

/**
 * The state of a controlled document (ISO 13485 §4.2.4).
 */
export type DocumentStatus = "draft" | "in-review" | "approved" | "obsolete";

/**
 * Which estimate an acceptance criterion is judged on.
 */
export type Estimate = "value" | "ci-lower" | "ci-upper";

/**
 * A precise reference to evidence: a document of the document register, the
 * version relied on and the section (MDR Annex II 4(d); Team-NB: complete
 * and current reports referenced by id and version).
 */
export type EvidenceRef = {
  /**
   * `documents[].document_id`.
   */
  document_id: string,
  /**
   * The version relied on; must be the register's version.
   */
  version: string,
  /**
   * Section, table or test case within the document, e.g. `§4.2`.
   */
  section: string,
};

/**
 * AI Act Annex IV 1: general description of the AI system.
 */
export type GeneralDescription = {
  /**
   * AI Act Annex IV 1: what the AI system is and does, in a few paragraphs (Markdown).
   */
  summary: string,
  /**
   * AI Act Annex IV 1(a), Art. 13(3)(b)(i): intended purpose (Markdown).
   */
  intended_purpose: string,
  /**
   * AI Act Annex IV 1(a): context of use: users, setting, patient population (Markdown).
   */
  context_of_use: string,
  /**
   * AI Act Annex IV 1(a): relation of this version to previous versions (Markdown).
   */
  previous_versions: string,
  /**
   * AI Act Annex IV 1(b): interaction with hardware or software (other AI systems included)
   * that is not part of the AI system (Markdown).
   */
  interactions: string,
  /**
   * AI Act Annex IV 1(c): versions of relevant software or firmware and requirements on
   * version updates (Markdown).
   */
  software_versions: string,
  /**
   * AI Act Annex IV 1(d): forms in which it is placed on the market or put into service
   * (embedded software, download, API) (Markdown).
   */
  forms_of_placing: string,
  /**
   * AI Act Annex IV 1(e): hardware on which it is intended to run (Markdown).
   */
  hardware: string,
  /**
   * AI Act Annex IV 1(f): where it is a component of products, illustrations of their
   * external features, marking and internal layout (Markdown; where applicable).
   */
  product_illustrations: string,
  /**
   * AI Act Annex IV 1(g): basic description of the user interface provided to the deployer
   * (Markdown).
   */
  user_interface: string,
  /**
   * AI Act Annex IV 1(h): instructions for use for the deployer (Markdown; a reference to
   * the IFU document is enough).
   */
  instructions_for_use: string,
};

/**
 * Whether an Annex I requirement applies to the device (MDR Annex II 4(a)).
 */
export type GsprApplicability = "applies" | "does-not-apply" | "partly";

/**
 * The GSPR matrix (MDR Annex II 4).
 */
export type GsprPart = {
  /**
   * One row per Annex I requirement, in Annex I order.
   */
  rows: Array<GsprRow>,
};

/**
 * One requirement of MDR Annex I (IVDR Annex I) and how it is met
 * (MDR Annex II 4(a)-(d)).
 */
export type GsprRow = {
  /**
   * The requirement: `MDR-I-<n>[.<m>][(<letter>)]`, e.g. `MDR-I-17.2`,
   * `MDR-I-23.4(ab)`; `IVDR-I-...` for an IVD.
   */
  requirement: string,
  /**
   * MDR Annex II 4(a): whether the requirement applies to the device.
   */
  applicability: GsprApplicability | null,
  /**
   * MDR Annex II 4(a): why it does not apply (or which part does not);
   * required unless it applies in full (Markdown).
   */
  justification: string,
  /**
   * MDR Annex II 4(b): how conformity is demonstrated: what was done,
   * not a cross (Markdown).
   */
  method: string,
  /**
   * MDR Annex II 4(c): the standards applied, by id in the standards
   * register (`standards.entries[].id`).
   */
  standards: Array<string>,
  /**
   * MDR Annex II 4(c): common specifications or other solutions applied
   * for this requirement; empty when none.
   */
  common_specifications: string,
  /**
   * MDR Annex II 4(d): the controlled documents that show conformity.
   */
  evidence: Array<EvidenceRef>,
  /**
   * Risk entries (`risk.entries[].id`) that this requirement is traced to.
   */
  risk_links: Array<string>,
  /**
   * Requirement ids (SRS items, design inputs) that implement it.
   */
  requirements: Array<string>,
};

/**
 * A hash of a component.
 */
export type Hash = {
  /**
   * Algorithm as CycloneDX names it: `SHA-256`, `SHA-1`, `MD5`, `BLAKE3`, ...
   */
  alg: string,
  /**
   * Lowercase hex digest.
   */
  value: string,
};

/**
 * One relevant change over the lifecycle (AI Act Annex IV 6).
 */
export type LifecycleChange = {
  version: string,
  /**
   * ISO 8601 date.
   */
  date: string,
  description: string,
  /**
   * Whether the change was made under the predetermined change control plan.
   */
  under_pccp: boolean,
};

/**
 * The legal manufacturer (MDR Art. 10, Art. 31).
 */
export type Manufacturer = {
  name: string,
  /**
   * Postal address, lines separated by newlines.
   */
  address: string,
  /**
   * Country, ISO 3166-1 alpha-2.
   */
  country: string,
  /**
   * Single Registration Number, form `CC-MF-000000000` (MDR Art. 31).
   */
  srn: string,
  email: string,
};

/**
 * AI Act Annex IV 3: monitoring, functioning and control.
 */
export type Monitoring = {
  /**
   * AI Act Annex IV 3: capabilities and limitations in performance, incl. the overall
   * expected level of accuracy for the intended purpose (Markdown; per-group accuracy is
   * the performance table's subgroup rows).
   */
  capabilities_and_limitations: string,
  /**
   * AI Act Annex IV 3, Art. 13(3)(b)(iii): foreseeable unintended outcomes and sources of
   * risk to health, safety, fundamental rights, and of discrimination (Markdown).
   */
  unintended_outcomes: string,
  /**
   * AI Act Art. 13(3)(b)(iii), Art. 9(2)(b): reasonably foreseeable misuse (Markdown).
   */
  foreseeable_misuse: string,
  /**
   * AI Act Annex IV 3, Art. 13(3)(d), Art. 14: human oversight measures, incl. technical
   * measures that help deployers interpret outputs (Markdown).
   */
  human_oversight: string,
  /**
   * AI Act Annex IV 3, Art. 13(3)(b)(vi): specifications of the input data (Markdown).
   */
  input_data_specification: string,
};

/**
 * A performance or safety indicator watched after placing on the market.
 */
export type MonitoringIndicator = {
  indicator: string,
  /**
   * Where the data comes from, e.g. `clinician overrides logged by the device`.
   */
  source: string,
  /**
   * E.g. `monthly`.
   */
  frequency: string,
  /**
   * What triggers an investigation or a corrective action.
   */
  trigger: string,
};

/**
 * One row of the performance table (AI Act Annex IV 2(g) and 3, Art. 13(3)(b)(ii) and (v)).
 * Pass/fail is never stored: it is computed from `value`, `ci` and `acceptance`.
 */
export type PerformanceResult = {
  /**
   * A short id prose cites the figure by (`[[metric:AF-SENS]]`); unique
   * across the AI part when set.
   */
  id: string,
  /**
   * The metric, e.g. `sensitivity`, `specificity`, `AUROC`, `mean Dice`.
   */
  metric: string,
  /**
   * The output class the metric is for (e.g. `atrial fibrillation`); empty for all classes.
   */
  class: string,
  /**
   * The measured value (a proportion 0-1 for rates).
   */
  value: number | null,
  /**
   * Confidence interval of `value`.
   */
  ci: ConfidenceInterval | null,
  /**
   * The dataset (`datasets[].name`) it was measured on.
   */
  dataset: string,
  /**
   * AI Act Annex IV 3, Art. 13(3)(b)(v): the group of persons, written `attribute: group`
   * as in the dataset's demographics (e.g. `sex: female`); empty for the whole dataset.
   */
  subgroup: string,
  /**
   * The pre-specified acceptance criterion.
   */
  acceptance: Acceptance | null,
  /**
   * Notes, e.g. the test report id, or a value that is not a number as imported.
   */
  note: string,
};

/**
 * AI Act Annex IV 9, Art. 72: the post-market monitoring system and plan.
 */
export type PostMarketMonitoring = {
  /**
   * AI Act Art. 72(3): the post-market monitoring plan: data collected, methods, frequency,
   * responsibilities, link to the MDR PMS plan (Markdown).
   */
  plan: string,
  /**
   * Indicators watched in use and the thresholds that trigger action.
   */
  indicators: Array<MonitoringIndicator>,
};

/**
 * The provider of the AI system (AI Act Art. 3(3)).
 */
export type Provider = {
  /**
   * AI Act Annex IV 1(a), Art. 13(3)(a): name of the provider.
   */
  name: string,
  /**
   * AI Act Art. 13(3)(a): contact details (address, e-mail).
   */
  contact: string,
  /**
   * AI Act Art. 13(3)(a), Art. 22: authorised representative, where applicable.
   */
  authorised_representative: string,
};

/**
 * A severity rating of a vulnerability.
 */
export type Rating = {
  /**
   * Who rated it, e.g. `NVD`.
   */
  source: string,
  /**
   * Numeric score, e.g. CVSS base score.
   */
  score: number | null,
  /**
   * `critical`, `high`, `medium`, `low`, `info`, `none`, `unknown`.
   */
  severity: string,
  /**
   * `CVSSv31`, `CVSSv4`, `OWASP`, ... as written.
   */
  method: string,
  vector: string,
};

/**
 * One entry of the revision history.
 */
export type Revision = {
  version: string,
  /**
   * ISO 8601 date.
   */
  date: string,
  author: string,
  description: string,
};

/**
 * Risk class: MDR Annex VIII (I, Is, Im, Ir, IIa, IIb, III) or IVDR (A-D).
 */
export type RiskClass = "I" | "Is" | "Im" | "Ir" | "IIa" | "IIb" | "III" | "A" | "B" | "C" | "D";

/**
 * ISO 14971 §7.1-§7.5: one risk control measure.
 */
export type RiskControl = {
  /**
   * Id of the measure, e.g. `RC-04`; the same measure may control several entries.
   */
  id: string,
  /**
   * ISO 14971 §7.1: what the measure is.
   */
  description: string,
  /**
   * ISO 14971 §7.1: the option used, in the standard's priority order.
   */
  type: ControlType | null,
  /**
   * ISO 14971 §7.2: where the measure is implemented (requirement, design
   * element, labelling section).
   */
  implementation: string,
  /**
   * ISO 14971 §7.2: verification of implementation.
   */
  verification_implementation: Verification,
  /**
   * ISO 14971 §7.2: verification of effectiveness.
   */
  verification_effectiveness: Verification,
  /**
   * The software release that implements the control; empty for the
   * release the file documents (`device.version`). A later release
   * leaves the risk uncontrolled in this one.
   */
  release: string,
  /**
   * ISO 14971 §7.5: ids of the entries for risks this measure introduces.
   */
  new_risks: Array<string>,
};

/**
 * One risk: ISO 14971 §5.4 (hazard, sequence of events, hazardous
 * situation, harm), §5.5 (estimation), §6 (evaluation), §7 (control).
 */
export type RiskEntry = {
  /**
   * Unique id of the entry, e.g. `HAZ-012`.
   */
  id: string,
  /**
   * Kind of hazard source, e.g. `software`, `cybersecurity`, `AI/ML`,
   * `use error`, `electrical` (ISO 14971 Annex C; AAMI TIR57; AI Act Art. 9).
   */
  category: string,
  /**
   * ISO 14971 §5.4: the hazard (potential source of harm).
   */
  hazard: string,
  /**
   * ISO 14971 §5.4: the foreseeable sequence of events.
   */
  sequence_of_events: string,
  /**
   * ISO 14971 §5.4: the hazardous situation.
   */
  hazardous_situation: string,
  /**
   * ISO 14971 §5.4: the harm.
   */
  harm: string,
  /**
   * ISO 14971 §5.5: severity of the harm (a level name of the plan).
   */
  severity: string,
  /**
   * ISO/TR 24971 §5.5: P1, probability of the hazardous situation
   * occurring, as written (e.g. `10^-5`, `1e-5`, `0.001`).
   */
  p1: string,
  /**
   * ISO/TR 24971 §5.5: P2, probability of the hazardous situation leading
   * to harm, as written.
   */
  p2: string,
  /**
   * ISO 14971 §5.5: overall probability of occurrence of harm (a level
   * name of the plan). When empty, P1 x P2 is placed on the scale.
   */
  probability: string,
  /**
   * ISO 14971 §7.1: risk control measures, in the order applied.
   */
  controls: Array<RiskControl>,
  /**
   * ISO 14971 §7.3: severity after control (a level name; empty: unchanged).
   */
  residual_severity: string,
  /**
   * ISO 14971 §7.3: probability after control (a level name; empty: unchanged).
   */
  residual_probability: string,
  /**
   * ISO 14971 §7.4: benefit-risk justification where the residual risk is
   * not acceptable (Markdown).
   */
  benefit_risk: string,
  /**
   * Traceability to the rest of the technical file.
   */
  links: RiskLinks,
  /**
   * Anything else the source table said about this risk (e.g. columns of
   * an imported FMEA that have no field here).
   */
  notes: string,
};

/**
 * Links from an entry to the rest of the technical file (ISO 14971 §10
 * traceability; AAMI TIR57 / CRA Annex I to SBOM components and
 * vulnerabilities; AI Act Art. 9 to AI systems).
 */
export type RiskLinks = {
  /**
   * Names of software items (IEC 62304 §7.1) that contribute to the hazard.
   */
  software_items: Array<string>,
  /**
   * Package URLs of SBOM components involved (CRA Annex I Part II).
   */
  components: Array<string>,
  /**
   * Ids of vulnerabilities (CVE, GHSA, ...) behind the hazard.
   */
  vulnerabilities: Array<string>,
  /**
   * Names of AI systems (AI Act Art. 9) involved.
   */
  ai_systems: Array<string>,
  /**
   * Requirement or test ids the entry traces to (not checked: they live
   * outside the file).
   */
  requirements: Array<string>,
};

/**
 * The risk management file: ISO 14971 §4.5, also AI Act Art. 9 (risk
 * management system) and CRA Art. 13(2) / Annex VII 3 (cybersecurity risk
 * assessment), which share one file.
 */
export type RiskPart = {
  /**
   * ISO 14971 §4.4: the risk management plan.
   */
  plan: RiskPlan,
  /**
   * ISO 14971 §5-§7: one entry per hazard -> hazardous situation -> harm.
   */
  entries: Array<RiskEntry>,
  /**
   * ISO 14971 §8: evaluation of the overall residual risk (Markdown).
   */
  overall_residual_risk: string,
};

/**
 * ISO 14971 §4.4: the risk management plan.
 */
export type RiskPlan = {
  /**
   * ISO 14971 §4.4 a): scope of the planned activities (Markdown).
   */
  scope: string,
  /**
   * ISO 14971 §4.2: the policy for establishing criteria for risk
   * acceptability (Markdown).
   */
  policy: string,
  /**
   * ISO 14971 §4.4 d), §5.5: severity levels, least severe first.
   */
  severity: Array<ScaleLevel>,
  /**
   * ISO 14971 §4.4 d), §5.5: probability levels, least probable first.
   */
  probability: Array<ScaleLevel>,
  /**
   * ISO 14971 §4.4 d): acceptability of each severity x probability cell.
   * One row per severity level (same order as `severity`, least severe
   * first), one cell per probability level (same order as `probability`).
   */
  matrix: Array<Array<Acceptability>>,
  /**
   * ISO 14971 §4.4 e), f): verification activities and the activities for
   * production and post-production information (Markdown).
   */
  verification: string,
};

/**
 * IEC 62304 §4.3 software safety classification.
 */
export type SafetyClass = "A" | "B" | "C";

/**
 * One imported SBOM file and what its header says (NTIA minimum elements
 * "author of SBOM data" and "timestamp").
 */
export type SbomDocument = {
  /**
   * The software item (IEC 62304 §5.3) this SBOM describes.
   */
  item: string,
  /**
   * `cyclonedx-json`, `cyclonedx-xml`, `spdx-json`, `spdx-tagvalue` or `spdx3-jsonld`.
   */
  format: string,
  /**
   * The specification version as the document states it, e.g. `1.6`, `SPDX-2.3`.
   */
  spec_version: string,
  /**
   * CycloneDX `serialNumber` or SPDX `documentNamespace` / document id.
   */
  serial: string,
  /**
   * NTIA: timestamp of the SBOM data (as written, ISO 8601).
   */
  timestamp: string,
  /**
   * NTIA: author(s) of the SBOM data.
   */
  authors: Array<string>,
  /**
   * Tools that generated the SBOM.
   */
  tools: Array<string>,
  /**
   * Name and version of the described software (CycloneDX `metadata.component`, SPDX described package).
   */
  subject: string,
  /**
   * Provenance: the file name as imported.
   */
  file_name: string,
  /**
   * Provenance: SHA-256 of the file's bytes, 64 lowercase hex digits.
   */
  sha256: string,
  /**
   * Components the file lists (nested ones included).
   */
  component_count: number,
  /**
   * Whether the file records dependency relationships (NTIA minimum element).
   */
  has_dependencies: boolean,
  /**
   * Email addresses and URLs of the SBOM's creator (BSI TR-03183-2 §5.2.1):
   * CycloneDX `metadata.manufacturer`/`authors`/`supplier` email, url and
   * contacts; SPDX creators' `(email)`; SPDX 3 creators' email identifiers.
   */
  creator_contacts?: Array<string>,
  /**
   * Vulnerabilities the SBOM file itself carried (BSI TR-03183-2: an SBOM
   * holds none; they belong in a separate VEX/CSAF document).
   */
  vulnerability_count?: number,
};

/**
 * SBOM, SOUP and vulnerability part of the technical file.
 */
export type SbomPart = {
  /**
   * SBOM profiles whose requirements `check` applies to every imported
   * document and component, on top of the NTIA minimum elements (none by
   * default): `bsi-tr-03183-2` (BSI TR-03183-2 v2.1).
   */
  profiles?: Array<SbomProfile>,
  /**
   * The SBOM documents imported, one or more per software item (CRA Annex
   * VII 2(b): the SBOM; NTIA minimum elements: author and timestamp).
   */
  documents: Array<SbomDocument>,
  /**
   * The device's component inventory, deduplicated across software items by
   * purl, else by name and version (CRA Annex I Part II (1)). Sorted by `id`.
   */
  components: Array<Component>,
  /**
   * Known vulnerabilities with their VEX assessment per component (CRA
   * Annex I Part II (2); FDA premarket cybersecurity guidance). Sorted by `id`.
   */
  vulnerabilities: Array<Vulnerability>,
};

/**
 * An SBOM profile: a set of requirements beyond the NTIA minimum elements.
 */
export type SbomProfile = "bsi-tr-03183-2";

/**
 * One ordered level of a severity or probability scale.
 */
export type ScaleLevel = {
  /**
   * Unique name of the level in its scale, e.g. `Critical`; entries refer
   * to levels by this name.
   */
  name: string,
  /**
   * What the level means, e.g. "permanent impairment or life-threatening injury".
   */
  description: string,
  /**
   * Probability scales only: the lowest probability (per use, 0..1) that
   * falls in this level. Used to place P1 x P2 on the scale when an entry
   * gives no overall probability (ISO/TR 24971 §5.5).
   */
  at_least?: number,
  /**
   * Severity scales only: the IEC 62304 §4.3 safety class a software
   * item contributing to a hazard of this severity needs. Unset, the
   * plan's default applies: the least severe level A, the next B, every
   * other C (no injury / non-serious injury / serious injury or death).
   */
  safety_class?: SafetyClass,
};

/**
 * A software item (IEC 62304 §5.3) to which SBOMs attach.
 */
export type SoftwareItem = {
  /**
   * Unique name; SBOMs, risks and AI systems refer to items by it.
   */
  name: string,
  version: string,
  /**
   * IEC 62304 §4.3 software safety class.
   */
  safety_class: SafetyClass | null,
  /**
   * Why the class may be lower than the severities of the hazards the
   * item contributes to call for: the risk control measures external to
   * the software (IEC 62304 §4.3 a), Amendment 1).
   */
  safety_class_rationale: string,
  description: string,
};

/**
 * IEC 62304 SOUP documentation and FDA support information of a component.
 */
export type Soup = {
  /**
   * IEC 62304 §5.3.3: functional and performance requirements of the SOUP item.
   */
  requirements: string,
  /**
   * IEC 62304 §5.3.4: system hardware and software the SOUP item requires.
   */
  required_hw_sw: string,
  /**
   * IEC 62304 §7.1.2: hazardous situations a failure of the SOUP item may contribute to.
   */
  hazardous_situations: string,
  /**
   * IEC 62304 §7.1.3: date the published anomaly list was last reviewed (ISO 8601).
   */
  anomaly_review_date: string,
  /**
   * IEC 62304 §7.1.3: result of that review.
   */
  anomaly_review_result: string,
  /**
   * FDA premarket cybersecurity: level of support (e.g. `actively maintained`, `no longer maintained`, `abandoned`).
   */
  support_level: string,
  /**
   * FDA premarket cybersecurity: end-of-support date (ISO 8601).
   */
  end_of_support: string,
};

/**
 * One standard of the register.
 */
export type Standard = {
  /**
   * Register id that GSPR rows cite, e.g. `EN-62304`; unique.
   */
  id: string,
  /**
   * The dated designation as applied, with amendments, e.g.
   * `EN 62304:2006+A1:2015`. Every citation of the standard in the file
   * must name this edition.
   */
  designation: string,
  title: string,
  /**
   * The edition, e.g. `1.1` or `2015 consolidated`.
   */
  edition: string,
  /**
   * Amendments and corrigenda applied, e.g. `A1:2015`.
   */
  amendments: Array<string>,
  /**
   * The international standard a European one adopts, when its date
   * differs or it is cited so, e.g. `IEC 82304-1:2016` for
   * `EN IEC 82304-1:2017`: citations of it name the same edition.
   */
  adopts: string,
  /**
   * Whether the reference is published in the Official Journal under the
   * Regulation (presumption of conformity, MDR Art. 8).
   */
  harmonised: boolean,
  /**
   * The Official Journal reference of the harmonisation, e.g.
   * `Commission Implementing Decision (EU) 2022/757`.
   */
  oj_reference: string,
  /**
   * Why the standard represents the state of the art, when it is not
   * harmonised (MDR Annex I 1; Annex II 4(c)).
   */
  state_of_the_art: string,
  /**
   * Whether the standard is applied fully or in part.
   */
  applied: StandardExtent | null,
  /**
   * Clauses not applied or applied differently, with the justification;
   * required when applied in part.
   */
  deviations: string,
};

/**
 * A harmonised standard, common specification or other specification applied (Annex IV 7).
 */
export type StandardApplied = {
  /**
   * E.g. `ISO/IEC 23894:2023`.
   */
  reference: string,
  title: string,
  /**
   * Fully, or which parts.
   */
  extent: string,
};

/**
 * How far a standard is applied (MDR Annex II 4(c): "in full or in part").
 */
export type StandardExtent = "fully" | "partly";

/**
 * The standards register.
 */
export type StandardsPart = {
  /**
   * The standards applied.
   */
  entries: Array<Standard>,
  /**
   * MDR Annex II 4(c), Art. 9: the explicit statement that no common
   * specification exists or is applied for the device (required when no
   * GSPR row names one), e.g. "No common specification under Art. 9 has
   * been adopted for this device type."
   */
  no_common_specification: string,
};

/**
 * One technical file: the MDR/IVDR Annex II/III documentation of one device
 * and, for an AI device, its AI Act Annex IV documentation (Art. 11(2)).
 */
export type TechFile = {
  /**
   * Version of this file's schema: 2 (a version 1 file is migrated on load).
   */
  schema_version: number,
  /**
   * Document control: identity, revisions, approvals.
   */
  document: DocumentControl,
  /**
   * Which acts apply and why (MDR or IVDR, the AI Act classification, the
   * non-device products the CRA covers).
   */
  applicability: Applicability,
  /**
   * The device: MDR Annex II section 1.
   */
  device: Device,
  /**
   * Software items (IEC 62304 §5.3) to which SBOMs attach.
   */
  software_items: Array<SoftwareItem>,
  /**
   * Narrative chapters in Markdown, each keyed to the clauses it answers.
   */
  chapters: Array<Chapter>,
  /**
   * The document register: every document the file cites (plans, test
   * reports, the clinical evaluation report, ...), by id and version.
   * Schema version 1 called it `evidence`.
   */
  documents: Array<Document>,
  /**
   * SBOM, SOUP and vulnerability part: evidence for MDR Annex I §17.2,
   * §17.4 and §18.8 (MDCG 2019-16, IEC 81001-5-1) and the IEC 62304 SOUP list.
   */
  sbom: SbomPart,
  /**
   * ISO 14971 risk management part (also AI Act Art. 9; security risks per
   * IEC 81001-5-1 and MDCG 2019-16).
   */
  risk: RiskPart,
  /**
   * AI systems part (AI Act Annex IV, Art. 13).
   */
  ai: AiPart,
  /**
   * The GSPR matrix (MDR Annex II 4): every Annex I requirement, how it
   * is met and the evidence.
   */
  gspr: GsprPart,
  /**
   * The standards register (MDR Annex II 4(c), AI Act Annex IV 7).
   */
  standards: StandardsPart,
  /**
   * The EU declaration of conformity: what the model does not already
   * hold (place, date, signatory); one declaration for every act that
   * applies (MDR Art. 19(3), AI Act Art. 47(3)).
   */
  declaration: Declaration,
};

/**
 * A pre-trained model, third-party tool or dataset the AI system builds on.
 */
export type ThirdPartyComponent = {
  name: string,
  version: string,
  supplier: string,
  /**
   * AI Act Annex IV 2(a): how it was used, integrated or modified by the provider.
   */
  usage: string,
  /**
   * SPDX licence expression or licence name.
   */
  licence: string,
};

/**
 * A variant or configuration of the device (MDR Annex II 1.1(i)).
 */
export type Variant = {
  name: string,
  description: string,
  /**
   * UDI-DI of this variant, if it has its own.
   */
  udi_di: string,
};

/**
 * ISO 14971 §7.2: how a measure was verified and the record that shows it.
 */
export type Verification = {
  /**
   * The verification activity, e.g. "unit test of lead-off detection".
   */
  method: string,
  /**
   * ISO 14971 §7.2: the record, e.g. an evidence `document_id` such as
   * `VVR-ECG-014` or a test id.
   */
  evidence: string,
};

/**
 * One vulnerability and its assessment per affected component (VEX).
 */
export type Vulnerability = {
  /**
   * CVE, GHSA, OSV or vendor id.
   */
  id: string,
  /**
   * Where it is published (e.g. `NVD`, `GitHub`).
   */
  source: string,
  description: string,
  /**
   * Severity ratings (CVSS and others).
   */
  ratings: Array<Rating>,
  /**
   * The components it concerns and the VEX status of each.
   */
  affects: Array<Assessment>,
};

// ---- Diagnostics (src/diag.rs) ----

/**
 * One result of a rule: which rule, how serious, where (a field path such as
 * `device.manufacturer.srn` or `risk.entries[3].controls[0]`), and what.
 */
export type Finding = {
  rule: string,
  severity: Severity,
  path: string,
  message: string,
};

/**
 * What one import did, the same shape for every importer (SBOM, VEX, risk
 * table, model card), so the CLI prints one `--json` form and the desktop
 * shows one report. Fields that do not apply to an importer stay empty and
 * are left out of the JSON (optional, `?`, in the TypeScript declaration:
 * `#[ts(optional = nullable)]` on a field that is not an `Option`).
 */
export type ImportReport = {
  /**
   * What was imported: `sbom`, `vex`, `risks`, `model-card`.
   */
  kind: string,
  /**
   * Components (SBOM), assessments (VEX), entries (risk table) or AI
   * systems (model card) read.
   */
  imported: number,
  /**
   * Of those, how many replaced one the project already had.
   */
  replaced?: number,
  /**
   * The software item an SBOM was attached to.
   */
  item?: string,
  /**
   * Whether that software item was created by this import.
   */
  created_item?: boolean,
  /**
   * The input format, when the importer detects it (model cards).
   */
  format?: string,
  /**
   * Names of what is new (components `name version`, AI systems).
   */
  added?: Array<string>,
  /**
   * Names of what is gone.
   */
  removed?: Array<string>,
  /**
   * What changed, `name: old -> new`.
   */
  changed?: Array<string>,
  warnings: Array<ImportWarning>,
};

/**
 * A problem an importer met and worked around: which rule (a short stable
 * name, e.g. `sbom.duplicate-component`), what, and where.
 */
export type ImportWarning = {
  rule: string,
  message: string,
  /**
   * Where, as text (`Location`'s display form), so that every importer's
   * report reads alike in JSON.
   */
  location: string,
};

/**
 * One rule of the catalogue: a stable id (`part.kebab-name`, e.g.
 * `risk.link-unresolved`), the severity its findings usually have, the
 * clause it implements and a one-line explanation. Findings are made from a
 * `&'static Rule`, so every rule id a finding carries is in the catalogue.
 */
export type Rule = {
  id: string,
  severity: Severity,
  /**
   * The clause, e.g. `MDR Annex II 1.1(b); Art. 27` or `ISO 14971 §7.1`.
   */
  clause: string,
  /**
   * What the rule checks, in one line.
   */
  summary: string,
};

/**
 * How serious a finding is. Errors block a submission; warnings ask for a look.
 */
export type Severity = "error" | "warning" | "info";

// ---- Coverage (src/coverage.rs) ----

/**
 * Coverage figures of one framework: required clauses answered / required clauses.
 */
export type Figure = {
  framework: Framework,
  answered: number,
  total: number,
};

/**
 * The legal text (annex or article) a clause belongs to.
 */
export type Framework = "mdr-annex-ii" | "mdr-annex-iii" | "mdr-annex-i" | "ivdr-annex-ii" | "ivdr-annex-iii" | "ivdr-annex-i" | "aia-annex-iv" | "aia-art-13" | "cra-annex-vii";

// ---- Diff of two versions (src/diff) ----

export type Change = "added" | "removed" | "changed";

/**
 * A changed field of an entry, or a paragraph of a text.
 */
export type Detail = {
  change: Change,
  /**
   * `version`, `controls › RC-2`, `paragraph 3`; empty for the entry's
   * own value.
   */
  field: string,
  old: string,
  new: string,
  /**
   * For a list of plain values: what it gained and lost (empty
   * otherwise).
   */
  added: Array<string>,
  removed: Array<string>,
};

/**
 * The two versions compared and every change, by section.
 */
export type Diff = {
  old: Side,
  new: Side,
  /**
   * One line per section with changes, then nothing else: ready to paste.
   */
  summary: Array<string>,
  sections: Array<Section>,
};

/**
 * One object or field that changed: a risk entry, a component, the trade
 * name.
 */
export type Entry = {
  change: Change,
  /**
   * What a reader calls it: `R-003 (Missed ventricular fibrillation)`,
   * `numpy (pkg:pypi/numpy)`, `Trade name`.
   */
  subject: string,
  /**
   * Its model path: `risk.entries[R-003]`, `device.trade_name`.
   */
  path: string,
  /**
   * For a changed object, what changed in it (empty for a plain field,
   * whose old and new value are the entry's single detail).
   */
  details: Array<Detail>,
};

export type Section = {
  /**
   * Stable id: `device`, `chapters`, `sbom:<software item>`, ...
   */
  id: string,
  title: string,
  entries: Array<Entry>,
};

/**
 * The identity of one version: from its document control.
 */
export type Side = {
  document_id: string,
  title: string,
  version: string,
  date: string,
};

// ---- Template views (src/core/view.rs, src/sbom/view.rs, src/risk/view.rs, src/ai/view.rs, src/gspr/view.rs, src/standards/view.rs) ----

/**
 * An item with a field still empty.
 */
export type AiEmptyItem = {
  key: string,
  clause: string,
  title: string,
};

/**
 * A filled field shown under an item.
 */
export type AiField = {
  /**
   * Its caption, `""` when the item shows this one field only.
   */
  label: string,
  /**
   * The text, trimmed.
   */
  text: string,
  /**
   * Markdown (embedded as written) rather than plain text (escaped).
   */
  markdown: boolean,
};

/**
 * One Annex IV or Art. 13(3) item of a system.
 */
export type AiItemView = {
  key: string,
  clause: string,
  label: string,
  title: string,
  required: boolean,
  /**
   * The filled fields shown under the item, in order.
   */
  fields: Array<AiField>,
  /**
   * Field paths still empty.
   */
  missing: Array<string>,
  /**
   * Whether it has neither a filled field nor a table row.
   */
  empty: boolean,
  tables: AiTables,
};

/**
 * Verdicts over the performance table.
 */
export type AiMetrics = {
  total: number,
  pass: number,
  fail: number,
  /**
   * Rows without a criterion or a value.
   */
  open: number,
};

/**
 * One AI system: its identity, the Annex IV sections and the Art. 13(3)
 * items.
 */
export type AiSystemView = {
  name: string,
  version: string,
  /**
   * The provider's name.
   */
  provider: string,
  model_type: string,
  architecture: string,
  software_item: string,
  /**
   * Annex IV sections 1 to 9.
   */
  sections: Array<AnnexIvSection>,
  /**
   * The Art. 13(3) items.
   */
  deployer: Array<AiItemView>,
  /**
   * Items with a field still empty, Annex IV then Art. 13(3).
   */
  empty_items: Array<AiEmptyItem>,
  metrics: AiMetrics,
};

/**
 * The tables under an item; those that do not belong to it are empty.
 */
export type AiTables = {
  components: Array<ThirdPartyComponent>,
  datasets: Array<DatasetRow>,
  performance: Array<PerformanceRow>,
  changes: Array<LifecycleRow>,
  standards: Array<StandardApplied>,
  indicators: Array<MonitoringIndicator>,
};

/**
 * The AI part as the templates render it.
 */
export type AiView = {
  has_systems: boolean,
  systems: Array<AiSystemView>,
};

/**
 * An Annex IV section and its items.
 */
export type AnnexIvSection = {
  number: string,
  title: string,
  items: Array<AiItemView>,
};

/**
 * A chapter as the chapter template renders it.
 */
export type ChapterRow = {
  id: string,
  title: string,
  clauses: Array<string>,
  /**
   * Markdown.
   */
  body: string,
};

/**
 * A row of the component inventory.
 */
export type ComponentRow = {
  name: string,
  group: string,
  version: string,
  type: string,
  supplier: string,
  /**
   * Joined by ` AND `.
   */
  licenses: string,
  /**
   * The purl, else the CPE, else the SWID tag id.
   */
  id: string,
  /**
   * Software items, joined by `, `.
   */
  items: string,
  /**
   * The SHA-256 hash, `""` when none.
   */
  sha256: string,
};

/**
 * A computed risk: the levels it was placed at (`""` when not placed) and
 * its zone of the acceptability matrix.
 */
export type ComputedRisk = {
  severity: string,
  probability: string,
  /**
   * The zone, `""` when the risk cannot be placed.
   */
  zone: Acceptability | "",
  /**
   * The zone's label, `""` when the risk cannot be placed.
   */
  label: string,
  /**
   * Severity x probability, 1-based; `""` when not placed.
   */
  index: string,
};

/**
 * What the core templates render besides `tf` itself.
 */
export type CoreView = {
  /**
   * The manufacturer's address on one line, lines joined by `, `.
   */
  manufacturer_address: string,
  /**
   * The risk class, `""` when none is set.
   */
  risk_class: string,
  /**
   * `MDR (EU) 2017/745` or, for IVDR classes, `IVDR (EU) 2017/746`.
   */
  regulation: string,
  /**
   * The conformity assessment route's label, `""` when none is set.
   */
  conformity_route: string,
  /**
   * The software items as stored (`safety_class` `null` when not set).
   */
  software_items: Array<SoftwareItem>,
  sections: Sections,
};

/**
 * How many rows say what.
 */
export type Counts = {
  total: number,
  applies: number,
  partly: number,
  does_not_apply: number,
  unassessed: number,
};

export type DatasetRow = {
  name: string,
  /**
   * The purpose's name, `""` when none.
   */
  purpose: string,
  provenance: string,
  size: string,
  collection_period: string,
  population: string,
  /**
   * `attribute: group (share)` per demographic group.
   */
  demographics: Array<string>,
  labelling: string,
  cleaning: string,
  licence: string,
  url: string,
};

/**
 * One standard as rendered.
 */
export type EntryView = {
  standard: Standard,
  /**
   * "Harmonised (OJ reference)" or "State of the art".
   */
  status: string,
  /**
   * "Fully", "In part" or "".
   */
  extent: string,
};

/**
 * The view of the GSPR matrix.
 */
export type GsprView = {
  has_rows: boolean,
  counts: Counts,
  /**
   * Rows that apply in full or in part, or are not yet assessed, in order.
   */
  applicable: Array<RowView>,
  /**
   * Rows that do not apply, in order.
   */
  not_applicable: Array<RowView>,
  /**
   * MDR Annex I requirements without a row (empty for an IVD).
   */
  missing: Array<string>,
};

/**
 * A heat map: entry counts per matrix cell, most severe row first, least
 * probable column first.
 */
export type Heatmap = {
  title: string,
  /**
   * `<!-- techfile:heatmap {...} -->`: the same data as JSON, which the
   * PDF engine draws as a coloured matrix.
   */
  comment: string,
  cols: Array<string>,
  rows: Array<HeatmapRow>,
  /**
   * Entries that cannot be placed (a level missing or unknown).
   */
  unplaced: number,
};

export type HeatmapRow = {
  severity: string,
  /**
   * `count (zone code)`, e.g. `2 (I)`.
   */
  cells: Array<string>,
};

/**
 * How many components carry a licence expression (`(not stated)` for none).
 */
export type LicenceCount = {
  license: string,
  count: number,
};

export type LifecycleRow = {
  version: string,
  date: string,
  description: string,
  /**
   * `yes` or `no`.
   */
  under_pccp: string,
};

export type MatrixRow = {
  severity: string,
  /**
   * Acceptability labels, `?` where the matrix has no cell.
   */
  cells: Array<string>,
};

/**
 * The acceptability matrix, most severe row first.
 */
export type MatrixView = {
  /**
   * Probability level names.
   */
  cols: Array<string>,
  rows: Array<MatrixRow>,
};

export type NotAcceptableRow = {
  id: string,
  hazard: string,
  residual: ComputedRisk,
  benefit_risk: string,
};

/**
 * Coverage of the NTIA minimum elements over an item's components, each
 * `n/of (p%)`, or `—` when the item has no components.
 */
export type NtiaCoverage = {
  supplier: string,
  name: string,
  version: string,
  identifier: string,
  hashes: string,
  licenses: string,
  support: string,
};

/**
 * A row of the performance table, numbers formatted.
 */
export type PerformanceRow = {
  metric: string,
  class: string,
  /**
   * Up to four decimals; `""` when none.
   */
  value: string,
  /**
   * `lower–upper (level %)`; `""` when none.
   */
  ci: string,
  dataset: string,
  subgroup: string,
  /**
   * `CI lower ≥ 0.9`; `""` when none.
   */
  criterion: string,
  /**
   * `pass`, `FAIL` or `""` (no criterion or no value).
   */
  verdict: string,
  pass: boolean,
  fail: boolean,
  note: string,
  /**
   * How findings name the row.
   */
  label: string,
};

/**
 * A risk control measure.
 */
export type RiskControlRow = {
  id: string,
  description: string,
  /**
   * The control type's label, `""` when none.
   */
  type: string,
  implementation: string,
  /**
   * `method (evidence)`, or either alone.
   */
  verification_implementation: string,
  /**
   * `method (evidence)`, or either alone.
   */
  verification_effectiveness: string,
  new_risks: Array<string>,
};

/**
 * One risk entry with its computed initial and residual risk.
 */
export type RiskEntryView = {
  id: string,
  category: string,
  hazard: string,
  sequence_of_events: string,
  hazardous_situation: string,
  harm: string,
  severity: string,
  /**
   * As written, or `Level (P1 x x P2 y)` when computed from P1 x P2.
   */
  probability: string,
  initial: ComputedRisk,
  controls: Array<RiskControlRow>,
  /**
   * Control ids (the description where a control has none).
   */
  control_ids: Array<string>,
  /**
   * The residual severity, else the initial one.
   */
  residual_severity: string,
  /**
   * The computed residual probability level.
   */
  residual_probability: string,
  residual: ComputedRisk,
  benefit_risk: string,
  notes: string,
};

/**
 * The risk management plan: scales and the acceptability matrix as tables.
 */
export type RiskPlanView = {
  /**
   * Markdown.
   */
  scope: string,
  /**
   * Markdown.
   */
  policy: string,
  /**
   * Markdown.
   */
  verification: string,
  severity: Array<ScaleLevelRow>,
  probability: Array<ScaleLevelRow>,
  matrix: MatrixView,
};

/**
 * The residual-risk summary.
 */
export type RiskSummary = {
  /**
   * Entries per zone before and after control, and the ones not evaluable.
   */
  rows: Array<SummaryRow>,
  /**
   * Entries whose residual risk is not acceptable.
   */
  not_acceptable: Array<NotAcceptableRow>,
  /**
   * Whether there are entries and every residual risk is acceptable.
   */
  all_acceptable: boolean,
};

/**
 * The risk management file as the templates and the desktop show it.
 */
export type RiskView = {
  has_entries: boolean,
  entry_count: number,
  /**
   * Distinct risk control measures over all entries (by id; each one
   * without an id counts on its own).
   */
  control_count: number,
  plan: RiskPlanView,
  entries: Array<RiskEntryView>,
  heatmap_initial: Heatmap,
  heatmap_residual: Heatmap,
  /**
   * Hazard -> control -> verification -> linked items, one row per control.
   */
  traceability: Array<TraceabilityRow>,
  summary: RiskSummary,
  /**
   * Markdown.
   */
  overall_residual_risk: string,
};

/**
 * One row as rendered.
 */
export type RowView = {
  requirement: string,
  /**
   * The catalogue's short title; empty for an id it does not hold.
   */
  title: string,
  /**
   * "Applies", "Applies in part", "Does not apply" or "Not yet assessed".
   */
  applicability: string,
  justification: string,
  method: string,
  /**
   * Each cited standard by its register designation (the id when the
   * register does not hold it).
   */
  standards: Array<string>,
  common_specifications: string,
  /**
   * Each piece of evidence as "document vVERSION, section".
   */
  evidence: Array<string>,
  risk_links: Array<string>,
  requirements: Array<string>,
};

/**
 * An imported SBOM document.
 */
export type SbomDocumentRow = {
  file_name: string,
  format: string,
  spec_version: string,
  timestamp: string,
  /**
   * Joined by `, `.
   */
  authors: string,
  /**
   * Joined by `, `.
   */
  tools: string,
  subject: string,
  /**
   * How many components the document listed.
   */
  components: number,
  sha256: string,
  /**
   * `yes` or `no`: whether it records dependencies.
   */
  dependencies: string,
};

/**
 * The summary of one software item.
 */
export type SbomItemRow = {
  name: string,
  documents: Array<SbomDocumentRow>,
  /**
   * How many components the item has.
   */
  components: number,
  /**
   * Counts per component type, `library: 12, framework: 1`.
   */
  types: string,
  /**
   * How many vulnerabilities affect its components.
   */
  vulnerabilities: number,
  licenses: Array<LicenceCount>,
  ntia: NtiaCoverage,
};

export type SbomTotals = {
  components: number,
  documents: number,
  vulnerabilities: number,
  /**
   * Components with any SOUP documentation.
   */
  soup_documented: number,
};

/**
 * What the SBOM chapter renders.
 */
export type SbomView = {
  /**
   * Whether any component or SBOM document was imported.
   */
  has_components: boolean,
  totals: SbomTotals,
  /**
   * Per software item with an SBOM or components, in the file's order.
   */
  items: Array<SbomItemRow>,
  /**
   * Licence expressions over all components, most used first.
   */
  licenses: Array<LicenceCount>,
  components: Array<ComponentRow>,
  /**
   * Components grouped by identical SOUP documentation.
   */
  soup: Array<SoupRow>,
  /**
   * One row per vulnerability and affected component.
   */
  vulnerabilities: Array<VulnerabilityRow>,
};

/**
 * A level of a scale.
 */
export type ScaleLevelRow = {
  /**
   * 1-based.
   */
  value: number,
  name: string,
  description: string,
  /**
   * The level's lowest probability, `10^-6` or scientific notation; `""`
   * when none.
   */
  at_least: string,
};

/**
 * The chapters in each section of the file (see `SECTIONS`), in the file's
 * order; `other` holds chapters whose clauses place them nowhere else.
 */
export type Sections = {
  device: Array<ChapterRow>,
  information: Array<ChapterRow>,
  design: Array<ChapterRow>,
  gspr: Array<ChapterRow>,
  risk: Array<ChapterRow>,
  verification: Array<ChapterRow>,
  ai: Array<ChapterRow>,
  cybersecurity: Array<ChapterRow>,
  pms: Array<ChapterRow>,
  /**
   * The CRA profile's chapters: not printed in the device's file.
   */
  cra: Array<ChapterRow>,
  other: Array<ChapterRow>,
};

/**
 * Components that share one SOUP documentation (IEC 62304 8.1.2). The row
 * of undocumented components has no documentation fields at all.
 */
export type SoupRow = {
  requirements?: string,
  required_hw_sw?: string,
  hazardous_situations?: string,
  /**
   * `date: result`, or either alone.
   */
  anomaly_review?: string,
  support_level?: string,
  end_of_support?: string,
  /**
   * How many components share it.
   */
  count: number,
  /**
   * Their `name version` labels, joined by `, `.
   */
  items: string,
};

/**
 * The view of the standards register.
 */
export type StandardsView = {
  has_entries: boolean,
  entries: Array<EntryView>,
  /**
   * "MDR-I-x: text" for each GSPR row that applies a common specification.
   */
  common_specifications: Array<string>,
  no_common_specification: string,
};

export type SummaryRow = {
  label: string,
  initial: number,
  residual: number,
};

/**
 * One row of the traceability matrix.
 */
export type TraceabilityRow = {
  /**
   * The entry's id, else its hazard.
   */
  id: string,
  /**
   * The control's id, else its description; `""` for an entry without
   * controls.
   */
  control: string,
  /**
   * `implementation: ...; effectiveness: ...`.
   */
  verification: string,
  software_items: Array<string>,
  components: Array<string>,
  vulnerabilities: Array<string>,
  ai_systems: Array<string>,
  requirements: Array<string>,
};

/**
 * One vulnerability for one affected component (a vulnerability without an
 * assessment has one row with empty component, status and rationale).
 */
export type VulnerabilityRow = {
  id: string,
  /**
   * Of the highest-scored rating.
   */
  severity: string,
  /**
   * Of the highest-scored rating, one decimal; `""` when none.
   */
  score: string,
  component: string,
  status: string,
  /**
   * Justification, action and detail joined by `; `.
   */
  rationale: string,
};
