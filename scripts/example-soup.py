#!/usr/bin/env python3
"""Fills the SOUP documentation (IEC 62304 5.3.3, 5.3.4; FDA level and end of
support) of the bundled example's components where it is still empty. Fields
already written are kept. Run `cargo run -- fmt examples/ecg-arrhythmia/techfile.json`
afterwards."""
import json, sys

ROLE = {
    "numpy": "N-dimensional arrays and vectorised arithmetic for ECG signal buffers; results must be bit-stable across releases of the same major version",
    "scipy": "Digital filters (Butterworth band-pass, notch) and resampling of ECG signals to 500 Hz",
    "onnxruntime": "Executes the locked ONNX arrhythmia classifier on CPU; deterministic inference within 200 ms per 10-second window",
    "fastapi": "HTTP API of the analysis service (upload, status, results) with request validation",
    "starlette": "ASGI toolkit underneath the HTTP API",
    "uvicorn": "ASGI server hosting the analysis service",
    "pydantic": "Validation of request and result payloads against typed schemas",
    "pydantic-core": "Validation engine of pydantic",
    "pandas": "Tabular handling of episode lists and signal-quality statistics",
    "wfdb": "Reading WFDB/PhysioNet-format ECG records used in verification",
    "cryptography": "Verification of the release manifest signature and model file hash",
    "python-multipart": "Parsing multipart uploads of ECG files",
    "python": "Language runtime of the analysis service",
    "cardiosense-arrhythmia-net": "The locked rhythm classifier model (see the AI chapter); developed in house, documented as SOUP for traceability of the model file",
    "react": "UI component model of the viewer",
    "react-dom": "Rendering of the viewer UI in the browser",
    "axios": "HTTPS requests from the viewer to the analysis service",
    "oidc-client-ts": "OpenID Connect login against the hospital identity provider",
    "jwt-decode": "Reading claims of the access token for display",
    "dompurify": "Sanitising any HTML shown in the viewer",
    "uplot": "Fast plotting of multi-lead ECG traces with episode overlays",
    "date-fns": "Date and time formatting of recording and episode timestamps",
    "zustand": "State management of the review session",
    "pdfbox": "Generation of the PDF report",
    "fontbox": "Font handling for the PDF report",
    "pdfbox-io": "I/O layer of PDFBox",
    "bcprov-jdk18on": "Cryptographic primitives for the PAdES signature of reports",
    "bcpkix-jdk18on": "CMS/PKIX structures for the PAdES signature",
    "bcutil-jdk18on": "Utilities of Bouncy Castle used by bcpkix",
    "jackson-databind": "JSON mapping of report requests",
    "jackson-core": "JSON parser underneath jackson-databind",
    "jackson-annotations": "Annotations of jackson-databind",
    "logback-classic": "Audit and application logging of the report signer",
    "logback-core": "Core of logback",
    "slf4j-api": "Logging facade",
    "commons-logging": "Logging bridge required by PDFBox",
}
HW_SW = {
    "ecg-analysis-service": "CPython 3.12 on Debian 12 (x86-64) in the signed service container; 4 vCPU, 8 GiB RAM; no GPU",
    "ecg-viewer-app": "Evergreen browsers (Chrome or Edge 120+, Firefox ESR 115+) on Windows 10/11 or macOS 13+; 1920x1080 display",
    "report-signer": "Eclipse Temurin Java 21 on Debian 12 (x86-64) in the signed service container",
}
EOS = {"python": "2028-10-31"}

path = sys.argv[1]
tf = json.load(open(path))
for c in tf["sbom"]["components"]:
    s = c["soup"]
    item = (c.get("items") or [""])[0]
    if not s["requirements"]:
        s["requirements"] = ROLE.get(c["name"], f"Transitive dependency; its functions are used only through the SOUP items of {item} that require it, and are verified with them")
    if not s["required_hw_sw"]:
        s["required_hw_sw"] = HW_SW.get(item, "As the software item it belongs to")
    if not s["support_level"]:
        s["support_level"] = "in-house, supported by the manufacturer" if "veridian" in (c.get("purl") or "") else "actively maintained upstream; monitored for releases and advisories weekly (SOP-23)"
    if not s["end_of_support"]:
        # Without a published upstream end of support, the manufacturer's own
        # support commitment for the device (see the cybersecurity chapter) applies.
        s["end_of_support"] = EOS.get(c["name"], "2031-12-31")
json.dump(tf, open(path, "w"), indent=2, ensure_ascii=False)
