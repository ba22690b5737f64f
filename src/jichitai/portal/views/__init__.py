"""Views of the resident portal: sign-in with the card, procedures, my cases."""
