"""公的個人認証 (JPKI): the verifier side of the My Number card, and a virtual card for demos.

Other apps use it through `services` (its names re-exported from the modules below) and
`errors` only. Inside identity:

- `certificates.verify_certificate`, `challenge.challenge_issue` / `challenge_answer`,
  `signatures.verify_detached_signature` / `verify_signing_certificate` — verification;
- `signatures.canonical_application_bytes` — what a resident signs;
- `virtual_card.virtual_card_issue` / `VirtualCard` — the demo-only card;
- `card.MyNumberCardSession` (+ `pcsc.pcsc_connect`) — reading a real card at the counter.

Specifications followed: J-LIS 公的個人認証サービス 利用者クライアントソフト技術仕様 and
プロファイル仕様書 (certificate profile), RFC 5280 (X.509, CRL), RFC 6960 (OCSP),
RFC 5652 (CMS), RFC 8785 (JSON canonicalization), ISO/IEC 7816-4 (APDUs).
"""
