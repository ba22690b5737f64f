"""オンライン決済: fees of online requests paid at a payment provider (docs/payments.md)."""
