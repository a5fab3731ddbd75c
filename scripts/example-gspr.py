#!/usr/bin/env python3
"""Writes the GSPR matrix and the standards register of the bundled example
(examples/ecg-arrhythmia/techfile.json), and the document register entries
they cite. Run once, then `techfile fmt` the file; kept for review of the
example's content, not run by the build."""
import hashlib, json, sys

P = "examples/ecg-arrhythmia/techfile.json"
d = json.load(open(P))

# Documents the file already cites in its chapters, registered so that GSPR
# evidence resolves (id, title, version, date).
NEW_DOCS = [
    ("SDP-CSA-001", "Software development plan", "5.0", "2026-01-20"),
    ("SRS-CSA-003", "Software requirements specification", "3.2", "2026-02-27"),
    ("SAD-CSA-004", "Software architecture description", "3.2", "2026-02-27"),
    ("IFU-CSA-002", "Instructions for use (EN, DE, FR, IT, ES)", "4.0", "2026-06-02"),
    ("PMS-CSA-001", "Post-market surveillance plan", "2.0", "2026-01-12"),
]
have = {x["document_id"] for x in d["documents"]}
for i, t, v, date in NEW_DOCS:
    if i in have:
        continue
    d["documents"].append({
        "document_id": i, "title": t, "version": v, "date": date, "status": None,
        "file": f"{i}_v{v}.pdf",
        "sha256": hashlib.sha256(f"{i} {v}".encode()).hexdigest(),
        "software_version": "",
    })
ver = {x["document_id"]: x["version"] for x in d["documents"]}

def ev(doc, section):
    return {"document_id": doc, "version": ver[doc], "section": section}

def S(id, designation, title, edition, amendments, adopts, harmonised, oj, sota, applied, deviations=""):
    return {"id": id, "designation": designation, "title": title, "edition": edition,
            "amendments": amendments, "adopts": adopts, "harmonised": harmonised,
            "oj_reference": oj, "state_of_the_art": sota, "applied": applied,
            "deviations": deviations}

NOT_RELIED = "presumption of conformity under MDR Art. 8 is not claimed for it"
d["standards"] = {
    "entries": [
        S("EN-ISO-13485", "EN ISO 13485:2016/A11:2021", "Medical devices — Quality management systems — Requirements for regulatory purposes",
          "3 (2016)", ["AC:2018", "A11:2021"], "ISO 13485:2016", True, "Commission Implementing Decision (EU) 2022/6", "", "fully"),
        S("EN-ISO-14971", "EN ISO 14971:2019/A11:2021", "Medical devices — Application of risk management to medical devices",
          "3 (2019)", ["A11:2021"], "ISO 14971:2019", True, "Commission Implementing Decision (EU) 2022/757", "", "fully"),
        S("EN-62304", "EN 62304:2006/A1:2015", "Medical device software — Software life cycle processes",
          "1.1", ["A1:2015"], "IEC 62304:2006/AMD1:2015", False, "",
          "The recognised consensus standard for the medical device software life cycle, referred to by MDCG 2019-16 rev. 1; " + NOT_RELIED + ".", "fully"),
        S("EN-62366-1", "EN 62366-1:2015/A1:2020", "Medical devices — Part 1: Application of usability engineering to medical devices",
          "1.1", ["A1:2020"], "IEC 62366-1:2015/AMD1:2020", False, "",
          "The recognised consensus standard for usability engineering of medical devices; " + NOT_RELIED + ".", "fully"),
        S("EN-82304-1", "EN IEC 82304-1:2017", "Health software — Part 1: General requirements for product safety",
          "1 (2016)", [], "IEC 82304-1:2016", False, "",
          "The product standard for standalone health software (validation, accompanying documents, post-market activities); " + NOT_RELIED + ".", "fully"),
        S("EN-81001-5-1", "EN IEC 81001-5-1:2022", "Health software and health IT systems safety, effectiveness and security — Part 5-1: Security — Activities in the product life cycle",
          "1 (2021)", [], "IEC 81001-5-1:2021", False, "",
          "MDCG 2019-16 rev. 1 names it as the state of the art for security activities in the software life cycle; " + NOT_RELIED + ".", "fully"),
        S("EN-ISO-15223-1", "EN ISO 15223-1:2021", "Medical devices — Symbols to be used with information to be supplied by the manufacturer — Part 1: General requirements",
          "4 (2021)", [], "ISO 15223-1:2021", True, "Commission Implementing Decision (EU) 2022/6", "", "partly",
          "Applied to the symbols of the electronic label (manufacturer, date of manufacture, medical device, UDI, consult instructions for use). Symbols for sterility, storage, handling and single use are not used: the device is standalone software."),
        S("EN-ISO-20417", "EN ISO 20417:2021", "Medical devices — Information to be supplied by the manufacturer",
          "1 (2021)", [], "ISO 20417:2021", False, "",
          "The general standard for the information supplied with a device, including electronic labels and instructions; " + NOT_RELIED + ".", "partly",
          "Requirements for physical labels, packaging and printed accompanying documents do not apply: the label is shown in the viewer's About dialog and the IFU is electronic under Regulation (EU) 2021/2226."),
        S("IEC-60601-2-47", "IEC 60601-2-47:2012", "Medical electrical equipment — Part 2-47: Particular requirements for the basic safety and essential performance of ambulatory electrocardiographic systems",
          "2 (2012)", [], "", False, "",
          "The particular standard that defines how the rhythm-analysis performance of ambulatory ECG systems is tested and disclosed; no MDR-harmonised edition is relied on.", "partly",
          "Only the requirements on testing and disclosing the performance of the automated rhythm analysis are applied; the requirements on basic safety, recorders and hardware do not apply to standalone software."),
        S("AAMI-EC57", "ANSI/AAMI EC57:2012", "Testing and reporting performance results of cardiac rhythm and ST segment measurement algorithms",
          "2012", [], "", False, "",
          "The established method, referred to by IEC 60601-2-47, for testing rhythm algorithms on annotated reference databases and reporting the results.", "partly",
          "The ST-segment measurement parts are not applied: the device does not measure ST segments."),
        S("ISO-IEC-23894", "ISO/IEC 23894:2023", "Information technology — Artificial intelligence — Guidance on risk management",
          "1 (2023)", [], "", False, "",
          "International guidance on AI-specific risk sources, used within the ISO 14971 process as no harmonised standard under the AI Act exists yet.", "partly",
          "Used as guidance for identifying AI risk sources (data, model, operation); its organisational risk-management framework is covered by EN ISO 14971 and the QMS and is not applied separately."),
        S("ISO-IEC-5259-2", "ISO/IEC 5259-2:2024", "Artificial intelligence — Data quality for analytics and machine learning (ML) — Part 2: Data quality measures",
          "1 (2024)", [], "", False, "",
          "The international catalogue of data quality measures for machine learning data sets.", "partly",
          "Only the measures reported in the datasheets (completeness, accuracy of labels, representativeness) are applied."),
        S("AAMI-TIR34971", "AAMI TIR34971:2023", "Application of ISO 14971 to machine learning in artificial intelligence — Guide",
          "2023", [], "", False, "",
          "Guidance on applying ISO 14971 to machine-learning devices, recognised by regulators as a consensus guide.", "partly",
          "Used as guidance only; it states no requirements of its own."),
    ],
    "no_common_specification": "No common specification adopted under MDR Art. 9 applies to this device: those adopted so far cover products without an intended medical purpose (Annex XVI) and the reprocessing of single-use devices. No GSPR row relies on a common specification.",
}

rows = []
def A(req, method, standards, evidence, risks=(), reqs=(), cs=""):
    rows.append({"requirement": req, "applicability": "applies", "justification": "", "method": method,
                 "standards": list(standards), "common_specifications": cs, "evidence": evidence,
                 "risk_links": list(risks), "requirements": list(reqs)})
def P_(req, justification, method, standards, evidence, risks=(), reqs=()):
    rows.append({"requirement": req, "applicability": "partly", "justification": justification, "method": method,
                 "standards": list(standards), "common_specifications": "", "evidence": evidence,
                 "risk_links": list(risks), "requirements": list(reqs)})
def N(req, justification):
    rows.append({"requirement": req, "applicability": "does-not-apply", "justification": justification, "method": "",
                 "standards": [], "common_specifications": "", "evidence": [], "risk_links": [], "requirements": []})

SW = "Standalone software: the device has no materials, substances or physical parts."
NOT_STERILE = "Standalone software: the device is not sterile and has no physical contact with patients or users."

A("MDR-I-1", "Clinical performance (AF sensitivity and specificity with 95 % CI against pre-specified criteria) is shown in the clinical evaluation; safety through the risk management file, in which every residual risk is weighed against the benefit of earlier arrhythmia detection.",
  ["EN-ISO-14971", "EN-62304"], [ev("CER-CSA-010", "§6 (performance), §8 (benefit-risk)"), ev("RMP-CSA-001", "§5 (acceptability criteria)")], ["HAZ-01", "HAZ-02", "HAZ-03"])
A("MDR-I-2", "Risks are reduced as far as possible without adversely affecting the benefit-risk ratio: every hazard has controls in the priority order of ISO 14971 §7.1, and the plan accepts no residual risk on the grounds of cost or practicability (EN ISO 14971:2019/A11:2021 Annex ZA).",
  ["EN-ISO-14971"], [ev("RMP-CSA-001", "§5.2"), ev("STR-CSA-008", "§7 (verification of risk controls)")], ["HAZ-01", "HAZ-10"])
A("MDR-I-3", "A risk management system to EN ISO 14971 covers the whole life cycle: the plan RMP-CSA-001, the hazard analysis of the risk chapter (17 entries, including AI and security risks), evaluation against the plan's matrix, controls with verification, and feedback from post-market surveillance into the risk file.",
  ["EN-ISO-14971", "AAMI-TIR34971", "ISO-IEC-23894"], [ev("RMP-CSA-001", "§3-§9"), ev("PMS-CSA-001", "§6 (input to risk management)")], ["HAZ-01", "HAZ-03", "HAZ-10", "HAZ-16"])
A("MDR-I-4", "Controls follow the priority of Section 4: inherent safety by design first (e.g. operating point RC-01, sampling-rate rejection RC-09), then protective measures (signal-quality gating, access control), then information for safety (IFU warnings, on-screen statement RC-02). Residual risks are disclosed in the IFU.",
  ["EN-ISO-14971"], [ev("RMP-CSA-001", "§7"), ev("IFU-CSA-002", "§5 (warnings and residual risks)")], ["HAZ-01", "HAZ-07", "HAZ-08"], ["SRS-CSA-021", "SRS-CSA-012", "SRS-CSA-050"])
A("MDR-I-5", "Use errors are addressed by usability engineering to IEC 62366-1: use specification, hazard-related use scenarios (automation bias, misread gain), formative evaluations and a summative evaluation with the intended user groups.",
  ["EN-62366-1"], [ev("UER-CSA-011", "§4 (use scenarios), §7 (summative results)")], ["HAZ-08", "HAZ-09"], ["SRS-CSA-052", "SRS-CSA-055"])
A("MDR-I-6", "The lifetime is the support period of version 3 (security and corrective updates until 2031-12-31). Performance is kept over it by the locked model, the release procedure that re-runs the system tests on every update, and monthly drift monitoring.",
  ["EN-62304", "EN-82304-1"], [ev("SDP-CSA-001", "§9 (maintenance)"), ev("PMS-CSA-001", "§4 (performance monitoring)")], ["HAZ-03", "HAZ-15"], ["SRS-CSA-079"])
N("MDR-I-7", "Standalone software delivered by deployment to the hosting environment: there is no transport or storage of a physical product. Integrity of the delivered software is addressed under 17.2 (signed container images).")
A("MDR-I-8", "Known and foreseeable risks (false negatives and positives, data shift, use errors, security) are minimised and accepted in the benefit-risk conclusion of the risk file and the clinical evaluation.",
  ["EN-ISO-14971"], [ev("CER-CSA-010", "§8"), ev("RMP-CSA-001", "§9 (overall residual risk)")], ["HAZ-01", "HAZ-02", "HAZ-03", "HAZ-08"])
N("MDR-I-9", "The device has an intended medical purpose; it is not a product listed in Annex XVI.")
for r in ["10.1", "10.2", "10.3", "10.4", "10.5", "10.6"]:
    N(f"MDR-I-{r}", SW)
for r in ["11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "11.7", "11.8"]:
    N(f"MDR-I-{r}", NOT_STERILE)
N("MDR-I-12.1", "Standalone software: it incorporates no medicinal substance.")
N("MDR-I-12.2", "Standalone software: it is not composed of substances introduced into the body.")
for r in ["13.1", "13.2", "13.3"]:
    N(f"MDR-I-{r}", "Standalone software: it incorporates no materials of biological origin.")
A("MDR-I-14.1", "The device is used with CE-marked ECG recorders and the clinic's ECG management system. The combination is specified (input formats DICOM-ECG, HL7 aECG, SCP-ECG; sampling rate at least 250 Hz) and recordings outside the specification are rejected; the IFU lists the conditions of use.",
  ["EN-82304-1"], [ev("SRS-CSA-003", "§3.1 (interfaces)"), ev("STR-CSA-008", "§5.2 (input format tests)"), ev("IFU-CSA-002", "§3 (compatible systems)")], ["HAZ-03", "HAZ-07"], ["SRS-CSA-012"])
P_("MDR-I-14.2", "Only the risks of 14.2(d), the interaction between the software and its IT environment, concern standalone software; physical features, substances, ingress and ageing of materials do not exist.",
   "The IT environment (hosting platform, browsers, identity provider, network) is specified and its failures are in the risk file: outage of the cloud service, oversized uploads, browser differences. The viewer is verified on each supported browser.",
   ["EN-82304-1", "EN-81001-5-1"], [ev("SAD-CSA-004", "§6 (deployment and environment)"), ev("STR-CSA-008", "§6 (environment tests)")], ["HAZ-11", "HAZ-16"], ["SRS-CSA-075", "SRS-CSA-080"])
N("MDR-I-14.3", "Standalone software: it has no energy source or materials that could ignite or explode.")
N("MDR-I-14.4", "The software needs no adjustment, calibration or maintenance by the user; updates are deployed by the manufacturer (see 17.2).")
A("MDR-I-14.5", "Interoperability with ECG management systems is specified per format (DICOM-ECG, HL7 aECG, SCP-ECG) and verified with conformance test files and recordings of each supported recorder manufacturer; a recording that cannot be converted losslessly is rejected with a message, never analysed in part. The IFU states the supported formats and versions.",
  ["EN-82304-1", "EN-81001-5-1"], [ev("SRS-CSA-003", "§3.1"), ev("STR-CSA-008", "§5.2"), ev("IFU-CSA-002", "§3")], ["HAZ-04", "HAZ-07"], ["SRS-CSA-012", "SRS-CSA-031"])
A("MDR-I-14.6", "The ECG display uses the clinical conventions (25 mm/s, 10 mm/mV) with the gain and speed always shown next to the trace; misreading of the scale was a use scenario of the summative evaluation.",
  ["EN-62366-1"], [ev("UER-CSA-011", "§7"), ev("STR-CSA-008", "§5.4 (display tests)")], ["HAZ-09"], ["SRS-CSA-055"])
N("MDR-I-14.7", "Standalone software: there is no device or waste substance to dispose of. Deletion of patient data at the end of use is a contractual and GDPR matter described in the IFU.")
A("MDR-I-15.1", "The device has a diagnostic function (rhythm detection). Its accuracy (sensitivity, specificity and positive predictive value per rhythm class with 95 % CI) was established on annotated reference databases and in the clinical performance study, and the limits (SNR below 10 dB, paced rhythm, sampling below 250 Hz) are stated in the IFU.",
  ["IEC-60601-2-47", "AAMI-EC57"], [ev("CER-CSA-010", "§6"), ev("STR-CSA-008", "§8 (algorithm performance)"), ev("IFU-CSA-002", "§6 (performance and limits)")], ["HAZ-01", "HAZ-02", "HAZ-05"], ["SRS-CSA-021", "SRS-CSA-027"])
A("MDR-I-15.2", "Time values are expressed in seconds and milliseconds, heart rate in beats per minute and amplitude in millivolts, as Directive 80/181/EEC allows.",
  [], [ev("SRS-CSA-003", "§3.4 (units)"), ev("STR-CSA-008", "§5.4")])
for r in ["16.1", "16.2", "16.3", "16.4"]:
    N(f"MDR-I-{r}", "Standalone software: it emits no radiation.")
A("MDR-I-17.1", "Repeatability and reliability: the model is locked and deterministic (the same recording gives the same result, verified by regression tests on every build); single faults (failed window, corrupted input, service crash) lead to a 'not analysable' result or a retry, never to a silent normal result.",
  ["EN-62304", "EN-82304-1"], [ev("SAD-CSA-004", "§5 (fault handling)"), ev("STR-CSA-008", "§4 (regression and fault tests)")], ["HAZ-05", "HAZ-14", "HAZ-16"], ["SRS-CSA-027", "SRS-CSA-063", "SRS-CSA-080"])
A("MDR-I-17.2", "The software is developed to the state of the art: life cycle to IEC 62304 (development plan, requirements, architecture, verification, release, maintenance, SOUP management with the SBOM), risk management including information security to ISO 14971 and IEC 81001-5-1 (threat model, security requirements, penetration test), and validation to IEC 82304-1. Software safety classes are assigned per item.",
  ["EN-62304", "EN-81001-5-1", "EN-82304-1", "EN-ISO-14971"], [ev("SDP-CSA-001", "§3-§9"), ev("STR-CSA-008", "§3"), ev("PTR-CSA-2026-02", "§2 (summary of results)"), ev("UER-CSA-011", "§7 (validation)")], ["HAZ-10", "HAZ-12", "HAZ-15"], ["SRS-CSA-071", "SRS-CSA-078", "SRS-CSA-079"])
P_("MDR-I-17.3", "The viewer is not released for mobile computing platforms; the IFU restricts use to desktop browsers on workstations, so the mobile-specific factors apply only as that restriction.",
   "The supported platforms (desktop browsers and versions, minimum screen resolution) are specified; the viewer refuses to start on a mobile browser and shows why. Both behaviours are verified.",
   ["EN-82304-1"], [ev("SRS-CSA-003", "§3.5 (platforms)"), ev("STR-CSA-008", "§6"), ev("IFU-CSA-002", "§3")], ["HAZ-09"], ["SRS-CSA-055"])
A("MDR-I-17.4", "Minimum requirements on hardware, IT networks and IT security measures are set out in the IFU: supported browsers, network (TLS 1.3 to the hosting endpoint, outbound HTTPS only), the hospital identity provider with OIDC and MFA, and the clinic's responsibilities for workstation security, derived from the threat model.",
  ["EN-81001-5-1", "EN-82304-1"], [ev("SAD-CSA-004", "§7 (security architecture)"), ev("IFU-CSA-002", "§4 (IT requirements and security)")], ["HAZ-10", "HAZ-13"], ["SRS-CSA-071"])
A("MDR-I-18.1", "Software is deemed an active device; its single-fault behaviour is that of 17.1: a failure of any processing step ends in a 'not analysable' or retry state, verified by fault-injection tests.",
  ["EN-62304"], [ev("STR-CSA-008", "§4")], ["HAZ-14", "HAZ-16"], ["SRS-CSA-063"])
N("MDR-I-18.2", "The device has no internal power supply; it runs on the hosting environment and the user's workstation.")
N("MDR-I-18.3", "The device has no external power supply on which patient safety depends; an outage of the hosted service delays the analysis only (HAZ-16, see 14.2).")
N("MDR-I-18.4", "The device does not monitor clinical parameters in real time: the intended purpose excludes real-time monitoring and intensive care alarms.")
N("MDR-I-18.5", "Standalone software: it emits no electromagnetic interference; the hardware it runs on is not part of the device.")
N("MDR-I-18.6", "Standalone software: immunity to electromagnetic disturbance is a property of the hardware it runs on, which is not part of the device.")
N("MDR-I-18.7", "Standalone software: it has no electrical parts that could cause a shock.")
A("MDR-I-18.8", "Protection against unauthorised access: SSO through the hospital identity provider with MFA, role-based access, TLS 1.3, signed model and report files, upload limits, audit logging; verified by security tests and an external penetration test of release 3.2.",
  ["EN-81001-5-1"], [ev("SAD-CSA-004", "§7"), ev("STR-CSA-008", "§9 (security tests)"), ev("PTR-CSA-2026-02", "§3 (findings and retests)")], ["HAZ-10", "HAZ-11", "HAZ-12", "HAZ-13"], ["SRS-CSA-071", "SRS-CSA-075", "SRS-CSA-078", "SRS-CSA-061"])
for r in ["19.1", "19.2", "19.3", "19.4"]:
    N(f"MDR-I-{r}", "The device is not an active implantable device.")
for r in ["20.1", "20.2", "20.3", "20.4", "20.5", "20.6"]:
    N(f"MDR-I-{r}", "Standalone software: it has no moving parts, no vibration, noise, connectors or surfaces that could heat.")
for r in ["21.1", "21.2", "21.3"]:
    N(f"MDR-I-{r}", "The device supplies no energy or substance to the patient.")
for r in ["22.1", "22.2", "22.3"]:
    N(f"MDR-I-{r}", "The device is intended for healthcare professionals trained in ECG interpretation, not for lay persons.")
A("MDR-I-23.1", "The information supplied is electronic: the label in the viewer's About dialog and the IFU under Regulation (EU) 2021/2226 in the languages of the member states where the device is made available; symbols to EN ISO 15223-1.",
  ["EN-ISO-20417", "EN-ISO-15223-1"], [ev("IFU-CSA-002", "§1 (information and languages)")])
A("MDR-I-23.2", "The electronic label carries the items of 23.2 that apply to software: name, manufacturer and address, UDI carrier (human-readable and GS1 DataMatrix), version, the medical device symbol and the reference to the electronic IFU.",
  ["EN-ISO-20417", "EN-ISO-15223-1"], [ev("IFU-CSA-002", "§2 (label)"), ev("STR-CSA-008", "§5.5 (label verification)")])
N("MDR-I-23.3", "The device is not supplied sterile and has no sterile packaging.")
A("MDR-I-23.4", "The IFU holds the particulars of 23.4 that apply: intended purpose, users and patients, indications and contra-indications, performance and its limits, residual risks and warnings, compatible systems, installation and IT requirements, and the date of issue.",
  ["EN-ISO-20417", "EN-62366-1"], [ev("IFU-CSA-002", "§1-§8"), ev("UER-CSA-011", "§7 (IFU comprehension)")], ["HAZ-01", "HAZ-08"], ["SRS-CSA-050"])
A("MDR-I-23.4(ab)", "IFU section 4 states the minimum hardware, IT network characteristics and IT security measures needed to run the software as intended, including protection against unauthorised access (identity provider, MFA, workstation hardening, network filtering), and the end of security support.",
  ["EN-81001-5-1"], [ev("IFU-CSA-002", "§4")], ["HAZ-10", "HAZ-13"], ["SRS-CSA-071"])
d["gspr"] = {"rows": rows}

# Chapters: the GSPR chapter introduces the matrix instead of pointing to a
# checklist outside the file, and the standards are cited in one edition.
for c in d["chapters"]:
    if c["id"] == "gspr":
        c["body"] = ("The GSPR matrix below answers MDR Annex II 4 in the file itself: for each requirement of MDR Annex I it states whether the requirement applies and why not where it does not, how conformity is demonstrated, the standards applied and the evidence by document id, version and section. "
                     "The requirements on materials, infection, substances, radiation, active implantable devices, mechanical and thermal risks and lay users (10 to 13, 16, 19 to 22) do not apply to standalone software. "
                     "The software and IT security requirements (14.5, 17.1 to 17.4, 18.8 and 23.4(ab)) are met through EN 62304:2006/A1:2015, EN IEC 82304-1:2017 and EN IEC 81001-5-1:2022, following MDCG 2019-16 rev. 1.")
    c["body"] = c["body"].replace("EN ISO 13485:2016.", "EN ISO 13485:2016/A11:2021.").replace("EN ISO 13485:2016 ", "EN ISO 13485:2016/A11:2021 ").replace("EN ISO 14971:2019 ", "EN ISO 14971:2019/A11:2021 ")
json.dump(d, open(P, "w"), ensure_ascii=False, indent=2)
from collections import Counter
print(len(rows), Counter(r["applicability"] for r in rows), len(d["standards"]["entries"]))
