"""Pure code shared by every app: check digits, 和暦, kana, postal codes, money, errors."""
