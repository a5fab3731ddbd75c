//! The rules of the core part: id, usual severity, clause, what each checks
//! (one rule a line; `crate::rules!` makes the constants and `RULES`).

crate::rules! {
    DOC_ID = "core.document-id", Error, "MDR Annex II (document identification)", "The technical file has a document number";
    DOC_TITLE = "core.document-title", Error, "MDR Annex II", "The technical file has a title";
    DOC_VERSION = "core.document-version", Error, "MDR Annex II; MDR Art. 10(8)", "The technical file has a version";
    DOC_DATE = "core.date", Error, "ISO 8601", "Every date of document control is a real YYYY-MM-DD calendar date";
    DOC_REVISION = "core.revision", Error, "MDR Art. 10(8)", "Each revision has a version, and the history has an entry for the current version";
    DOC_APPROVAL = "core.approval", Warning, "MDR Art. 10(9) (quality management system: document control)", "This version has approvals, each with name, role, meaning and date";
    DEV_NAME = "core.device-trade-name", Error, "MDR Annex II 1.1(a)", "The device has a trade name";
    DEV_DESCRIPTION = "core.device-description", Error, "MDR Annex II 1.1(a)", "The device has a general description";
    DEV_MANUFACTURER = "core.device-manufacturer", Error, "MDR Annex II 1.1; Annex IV 1", "The manufacturer's name and address are given";
    DEV_SRN = "core.device-srn", Error, "MDR Art. 31", "The manufacturer's single registration number is given in the form CC-MF-000000000";
    DEV_UDI = "core.device-udi", Error, "MDR Annex II 1.1(b); Art. 27; Annex VI Part C", "The Basic UDI-DI is given and each UDI-DI is a valid GS1, HIBCC or ICCBBA identifier, none repeated";
    DEV_VARIANT = "core.device-variant", Error, "MDR Annex II 1.1(j)", "Each variant or configuration has a name";
    DEV_CLASS = "core.device-class", Error, "MDR Art. 51; Annex VIII; Annex II 1.1(f)", "The risk class and the classification rule applied are given";
    DEV_ROUTE = "core.device-route", Error, "MDR Art. 52; IVDR Art. 48", "A conformity assessment route is given and fits the risk class";
    DEV_NB = "core.device-notified-body", Error, "MDR Art. 52-53; Annex IV 8", "A class that needs a notified body names its four-digit number, a self-declared class names none";
    DEV_EMDN = "core.device-emdn", Error, "MDR Art. 26; Annex VI Part A 2.4", "The EMDN code has the form of a nomenclature code (category letter and digits)";
    DEV_PURPOSE = "core.device-intended-purpose", Error, "MDR Annex II 1.1(c); Art. 2(12)", "The intended purpose is stated";
    DEV_USERS = "core.device-intended-users", Error, "MDR Annex II 1.1(c)", "The intended users are stated";
    DEV_POPULATION = "core.device-patient-population", Error, "MDR Annex II 1.1(c)", "The intended patient population is stated";
    DEV_PRINCIPLE = "core.device-principle", Error, "MDR Annex II 1.1(d)", "The principle of operation is stated";
    DEV_INDICATIONS = "core.device-indications", Warning, "MDR Annex II 1.1(c)", "Indications are stated";
    DEV_WARNINGS = "core.device-warnings", Warning, "MDR Annex II 1.1(c)", "Contraindications and warnings are stated";
    DEV_QUALIFICATION = "core.device-qualification", Error, "MDR Annex II 1.1(e); MDCG 2019-11", "The rationale for qualifying the product as a device is given";
    SW_ITEM = "core.software-item", Error, "IEC 62304 §5.3; MDR Annex II 1.1(h)", "Each software item has a unique name and a version";
    SW_CLASS = "core.software-class", Error, "IEC 62304 §4.3", "Each software item has an IEC 62304 software safety class";
    CH_ID = "core.chapter-id", Error, "MDR Annex II (organised, unambiguous)", "Each chapter has a unique id";
    CH_TITLE = "core.chapter-title", Error, "MDR Annex II", "Each chapter has a title";
    CH_CLAUSE = "core.chapter-clause", Error, "MDR Annex II; AI Act Annex IV", "A chapter's clause tags are ids of the clause catalogue";
    CH_EMPTY = "core.chapter-empty", Warning, "MDR Annex II", "A chapter has text";
    CHAPTER_MARKDOWN = "core.chapter-markdown", Warning, "MDR Annex II (clear, organised, unambiguous)", "A chapter's Markdown closes every code fence it opens";
    CH_COVERAGE = "core.clause-coverage", Warning, "MDR Annex II; AI Act Annex IV", "Every clause of the technical documentation is answered by a chapter or marked not applicable";
    EV_ID = "core.evidence-id", Error, "MDR Annex II (referenced by id and version)", "Each evidence document has a unique id";
    EV_TITLE = "core.evidence-title", Error, "MDR Annex II", "Each evidence document has a title";
    EV_HASH = "core.evidence-hash", Warning, "MDR Annex II (complete and current reports)", "An evidence document's SHA-256 is 64 hex digits";
}
