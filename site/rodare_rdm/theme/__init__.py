"""RODARE's face: HZDR's look, the front page, the footer with the policy pages, German."""
