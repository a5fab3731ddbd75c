#!/usr/bin/env python3
"""Writes the core (document, device, software items, chapters, evidence) of
the bundled example project, keeping whatever the parts (sbom, risk, ai) hold.
Run `cargo run -- fmt examples/ecg-arrhythmia/techfile.json` afterwards."""
import json, sys

def gtin(body13):
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body13)))
    return body13 + str((10 - s % 10) % 10)

path = sys.argv[1]
tf = json.load(open(path))
tf["schema_version"] = 1
tf["document"] = {
    "document_id": "TF-CSA-001",
    "title": "Technical Documentation: CardioSense AI Arrhythmia Detection Software",
    "version": "2.1",
    "date": "2026-10-15",
    "revisions": [
        {"version": "1.0", "date": "2025-03-03", "author": "Dr. Lena Hoffmann", "description": "First issue for the initial conformity assessment (MDR Annex IX)."},
        {"version": "2.0", "date": "2026-05-20", "author": "Dr. Lena Hoffmann", "description": "Model v3 (atrial flutter class added); AI Act Annex IV documentation merged per Art. 11(2); CRA SBOM chapter added."},
        {"version": "2.1", "date": "2026-10-15", "author": "Jonas Becker", "description": "Updated SBOM after onnxruntime security update; PSUR 2026 findings incorporated; editorial corrections."},
    ],
    "approvals": [
        {"name": "Dr. Lena Hoffmann", "role": "Head of Regulatory Affairs (PRRC, MDR Art. 15)", "date": "2026-10-14", "meaning": "Reviewed for regulatory completeness and approved for submission"},
        {"name": "Markus Weber", "role": "Head of Software Engineering", "date": "2026-10-13", "meaning": "Technical content verified against design history file"},
        {"name": "Dr. Aylin Demir", "role": "Clinical Affairs Manager", "date": "2026-10-15", "meaning": "Clinical content and intended purpose confirmed"},
    ],
}
tf["device"] = {
    "trade_name": "CardioSense AI",
    "description": "CardioSense AI is standalone software (SaMD) that analyses 12-lead resting ECG recordings and single-lead ambulatory ECG strips and flags suspected cardiac arrhythmias for review by a qualified clinician.\n\nIt consists of a cloud-hosted **analysis service** that runs a convolutional neural network on the ECG signal, and a **viewer application** in which clinicians see the ECG with the flagged episodes, confirm or reject each finding and export a signed report. The software does not control any hardware and does not administer therapy.",
    "manufacturer": {
        "name": "Veridian Cardiac Diagnostics GmbH",
        "address": "Am Klinikum 12\n69120 Heidelberg\nGermany",
        "country": "DE",
        "srn": "DE-MF-000031847",
        "email": "regulatory@veridian-cardiac.example",
    },
    "basic_udi_di": "4260765ECGCSA01RA",
    "udi_dis": [gtin("0426076500101"), gtin("0426076500102")],
    "risk_class": "IIa",
    "classification_rule": "Rule 11 (software intended to provide information used to take decisions with diagnosis purposes); class IIa because the decisions cannot cause death or an irreversible deterioration of health: every finding is confirmed by a clinician before it is used.",
    "intended_purpose": "CardioSense AI is intended to analyse resting 12-lead ECGs and single-lead ECG strips of 30 seconds to 24 hours recorded with CE-marked ECG devices, in order to detect and flag the following rhythms for review by a physician: atrial fibrillation, atrial flutter, supraventricular tachycardia, ventricular tachycardia, second- and third-degree AV block, and pauses longer than 3 seconds.\n\nThe output supports, and does not replace, the physician's interpretation of the ECG. It is not intended for real-time monitoring or for use in intensive care alarms.",
    "intended_users": "Cardiologists, general practitioners and internists trained in ECG interpretation; cardiac physiologists and ECG technicians who prepare recordings for physician review. Users are expected to have read the instructions for use; no other training is required.",
    "patient_population": "Adults aged 18 years and over, of any sex, referred for a resting or ambulatory ECG. Not validated for paediatric patients, for patients with implanted pacemakers in paced rhythm, or for recordings during exercise testing.",
    "indications": [
        "Suspected paroxysmal or persistent atrial fibrillation or atrial flutter",
        "Palpitations, syncope or pre-syncope of suspected arrhythmic origin",
        "Follow-up of patients with known arrhythmias after rhythm-control therapy",
    ],
    "contraindications": [
        "Use as the sole basis for a diagnosis or treatment decision without physician review",
        "Real-time alarm monitoring of critically ill patients",
    ],
    "warnings": [
        "Findings must be confirmed by a qualified physician before any clinical decision.",
        "Performance is reduced for recordings with a signal-to-noise ratio below 10 dB; the software marks such segments as 'not analysable'.",
        "Paced rhythms are not analysed; the software reports pacemaker spikes and stops the arrhythmia analysis for those segments.",
        "Do not use with ECG recordings sampled below 250 Hz.",
    ],
    "principle_of_operation": "ECG recordings are uploaded from the clinic's ECG management system (DICOM-ECG, HL7 aECG or SCP-ECG) over TLS 1.3. The analysis service resamples the signal to 500 Hz, removes baseline wander and mains interference, assesses signal quality per 10-second window, and classifies each window with a 1D convolutional neural network (ResNet-34 style, 21 M parameters) into nine rhythm classes. Consecutive windows are merged into episodes with onset, offset and a confidence score.\n\nThe viewer shows the ECG with the episodes overlaid. The physician accepts or rejects each episode; only accepted findings appear in the exported report. The model is locked: it does not learn in the field.",
    "qualification_rationale": "The software processes patient-specific physiological signals to provide information for diagnosis of cardiac arrhythmias (MDR Art. 2(1), first indent). It therefore qualifies as a medical device software in line with MDCG 2019-11 (decision steps 1-5 answered yes).",
    "novel_features": "Compared with the previous generation (CardioSense 1.x, rule-based), the device uses a deep-learning classifier. The AI Act applies (Art. 6(1), Annex I section A), and the AI documentation is part of this file.",
    "variants": [
        {"name": "CardioSense AI Clinic", "description": "Viewer and analysis service for hospital and clinic use, integrated with the ECG management system.", "udi_di": gtin("0426076500101")},
        {"name": "CardioSense AI Ambulatory", "description": "Analysis of single-lead ambulatory strips (30 s to 24 h) uploaded from CE-marked patches.", "udi_di": gtin("0426076500102")},
    ],
    "accessories": [],
    "key_functional_elements": "- Signal ingestion and format conversion (DICOM-ECG, HL7 aECG, SCP-ECG)\n- Signal quality assessment per 10-second window\n- Arrhythmia classifier (AI system, see the AI chapter)\n- Episode merging and confidence scoring\n- Review and reporting workflow with electronic signature",
    "previous_generations": "CardioSense 1.4 (class IIa under MDD, rule-based detection of atrial fibrillation only) was on the market from 2019 to 2024; 38,000 recordings were analysed with it. Its post-market data informed the warnings on signal quality.",
    "notified_body": "0123",
    "conformity_route": "annex-ix",
    "emdn_code": "Z12040192",
}
tf["software_items"] = [
    {"name": "ecg-analysis-service", "version": "3.2.1", "safety_class": "B", "description": "Cloud analysis service: ingestion, signal quality, AI classifier, episode merging (Python 3.12, ONNX Runtime)."},
    {"name": "ecg-viewer-app", "version": "2.8.0", "safety_class": "B", "description": "Web viewer for review, confirmation and reporting (TypeScript, React)."},
    {"name": "report-signer", "version": "1.3.4", "safety_class": "A", "description": "PDF report generation and electronic signature (Java 21)."},
]
ch = lambda i, t, c, b: {"id": i, "title": t, "clauses": c, "body": b}
tf["chapters"] = [
    ch("labelling-and-ifu", "Labelling and instructions for use", ["MDR-II-2"],
       "The device is supplied electronically. The label is shown in the viewer's *About* dialog and contains the items of MDR Annex I 23.2, including the UDI carrier in human-readable form and as a GS1 DataMatrix.\n\nThe instructions for use (IFU-CSA-002, version 4.0) are provided in electronic form according to Regulation (EU) 2021/2226 in English, German, French, Italian and Spanish. A paper copy is available free of charge within 7 days.\n\n| Language | Document | Version |\n|---|---|---|\n| English | IFU-CSA-002-EN | 4.0 |\n| German | IFU-CSA-002-DE | 4.0 |\n| French | IFU-CSA-002-FR | 4.0 |"),
    ch("design-and-manufacturing", "Design stages, manufacturing and sites", ["MDR-II-3", "CRA-VII-2"],
       "Design follows the software development plan SDP-CSA-001 under IEC 62304:2006/A1:2015 and the quality management system certified to EN ISO 13485:2016.\n\n## Design stages\n\n1. Requirements (SRS-CSA-003), reviewed against the intended purpose\n2. Architecture (SAD-CSA-004): three software items, see section 1\n3. Detailed design and implementation with peer review of every change\n4. Integration and system testing (STP-CSA-007)\n5. Release under the software release procedure SOP-19\n\n## Manufacturing and sites\n\nThe software is built by a reproducible CI pipeline from a tagged commit; the build produces the SBOM and signs the container images. Distribution is by deployment to the hosting environment; there is no physical manufacturing.\n\n| Site | Role | Address |\n|---|---|---|\n| Veridian Cardiac Diagnostics GmbH | Design, release, hosting operations | Heidelberg, DE |\n| Nordcloud Hosting AB (supplier) | IaaS hosting, ISO 27001 certified | Stockholm, SE |"),
    ch("gspr", "General safety and performance requirements", ["MDR-II-4"],
       "The GSPR checklist GSPR-CSA-005 lists each requirement of MDR Annex I, whether it applies, the method used to show conformity, and the evidence. Requirements 10 to 13 (chemical, biological, infection) do not apply to standalone software. Requirement 17 (electronic programmable systems) is met through IEC 62304, IEC 82304-1 and IEC 81001-5-1.\n\nHarmonised standards and common specifications applied:\n\n- EN ISO 13485:2016/A11:2021 (quality management)\n- EN ISO 14971:2019/A11:2021 (risk management)\n- EN 62304:2006/A1:2015 (software life cycle)\n- EN 62366-1:2015/A1:2020 (usability engineering)\n- EN IEC 82304-1:2017 (health software)\n- IEC 81001-5-1:2021 (security in the software life cycle)"),
    ch("risk-management-summary", "Risk management process and benefit-risk conclusion", ["MDR-II-5", "AIA-IV-5", "CRA-VII-3"],
       "Risk management follows EN ISO 14971:2019 according to the risk management plan RMP-CSA-001. AI-specific risks (AI Act Art. 9) and cybersecurity risks (AAMI TIR57, CRA Annex I) are analysed in the same risk file.\n\nThe overall residual risk is acceptable: the clinical benefit, earlier detection of paroxysmal atrial fibrillation and hence earlier anticoagulation, outweighs the residual risks, which are mainly delayed diagnosis through false negatives mitigated by physician review."),
    ch("verification-validation", "Verification and validation", ["MDR-II-6", "MDR-II-6.1"],
       "Software verification covers unit, integration and system tests (STR-CSA-008: 1,412 test cases, all passed). Software validation under IEC 82304-1 was done with 12 clinicians in a summative usability evaluation (UER-CSA-011).\n\nThe clinical evaluation (CER-CSA-010) is based on a retrospective multi-centre performance study on 6,250 recordings from three European hospitals, not used in development. Sensitivity for atrial fibrillation was 97.1 % (95 % CI 96.0-97.9) and specificity 98.4 % (95 % CI 97.9-98.8).\n\nThe PMCF plan (PMCF-CSA-012) runs a prospective registry of 2,000 patients over two years."),
    ch("cybersecurity", "Cybersecurity: design, support period and vulnerability handling", ["CRA-VII-1", "CRA-VII-2", "CRA-VII-4", "CRA-VII-5", "CRA-VII-6"],
       "The product is delivered without known exploitable vulnerabilities: every release is scanned against the NVD and GitHub advisories, and each finding is assessed in a VEX document (see the SBOM chapter).\n\n- **Secure by default**: TLS 1.3 only; no default passwords; SSO with the hospital identity provider (OIDC) and MFA.\n- **Security updates**: delivered through the hosting pipeline without user action, free of charge, for the support period.\n- **Support period**: security updates until 2031-12-31, five years after the last placing on the market of version 3, reflecting the expected use time of ECG systems in hospitals.\n- **Coordinated vulnerability disclosure**: policy published at `/.well-known/security.txt`; contact psirt@veridian-cardiac.example.\n\nPenetration test report PTR-CSA-2026-02 (external, 2026-04) found no high or critical issues; two medium findings were fixed in 3.2.0."),
    ch("declaration-of-conformity", "EU declaration of conformity", ["AIA-IV-8", "CRA-VII-7"],
       "A single EU declaration of conformity (DoC-CSA-3) covers Regulation (EU) 2017/745, Regulation (EU) 2024/1689 (Art. 47) and Regulation (EU) 2024/2847 (Art. 28). A signed copy is kept in the evidence index."),
    ch("pms", "Post-market surveillance", ["MDR-III", "MDR-III-1.1", "MDR-III-1.2", "AIA-IV-9"],
       "The PMS plan PMS-CSA-001 collects complaints, field performance of the classifier (rate of rejected findings per rhythm class), cybersecurity advisories and literature. The PSUR is updated yearly (class IIa: at least every two years); the 2026 PSUR found no new risks.\n\nThe post-market monitoring of the AI system (AI Act Art. 72) is part of this plan: monthly drift monitoring of input signal statistics and of the physician rejection rate, with thresholds that trigger a review."),
]
tf["evidence"] = [
    {"document_id": "RMP-CSA-001", "title": "Risk management plan", "version": "3.0", "file_name": "RMP-CSA-001_v3.0.pdf", "sha256": "5f2b9c1e8a7d4f3b2c6e1a9d8f7b4c3e2a1d9f8e7c6b5a4d3e2f1a0b9c8d7e6f"},
    {"document_id": "STR-CSA-008", "title": "Software system test report", "version": "3.2", "file_name": "STR-CSA-008_v3.2.pdf", "sha256": "a3c1e5f7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d6f8a1c3e5f7092b4d"},
    {"document_id": "CER-CSA-010", "title": "Clinical evaluation report", "version": "2.0", "file_name": "CER-CSA-010_v2.0.pdf", "sha256": "0d4e8f2a6b1c5d9e3f7a2b6c0d4e8f2a6b1c5d9e3f7a2b6c0d4e8f2a6b1c5d9e"},
    {"document_id": "UER-CSA-011", "title": "Summative usability evaluation report", "version": "1.1", "file_name": "UER-CSA-011_v1.1.pdf", "sha256": "7e1f3a5c9b2d4e6f8a0c2e4f6a8b0d2e4f6a8c0e2f4a6b8d0e2f4a6c8e0f2a4b"},
    {"document_id": "PTR-CSA-2026-02", "title": "Penetration test report 2026", "version": "1.0", "file_name": "PTR-CSA-2026-02.pdf", "sha256": "c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8"},
    {"document_id": "DoC-CSA-3", "title": "EU declaration of conformity (MDR, AI Act, CRA)", "version": "3", "file_name": "DoC-CSA-3_signed.pdf", "sha256": "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"},
]
import hashlib
for e in tf["evidence"]:
    e["sha256"] = hashlib.sha256((e["document_id"] + e["version"]).encode()).hexdigest()
json.dump(tf, open(path, "w"), indent=2, ensure_ascii=False)
