"""住民票の写し等 (certificates as signed PDFs): issue, sign, verify.

- `services.certificate_issue`: check the request, render (WeasyPrint), sign (pyHanko,
  PAdES), record the hash and audit; returns the record and the PDF.
- `verification.verify_certificate_pdf`: signature and issue record, offline.
- `signing`: each municipality's signing key (`jichitai init-signing-key`).
- `views` / `urls`: the public verification page `/<lg_code>/certificates/verify/`.

Models live in `registry/models/certificates.py`.
"""
