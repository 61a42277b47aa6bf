"""The reviewed authorization matrix in docs/ versus what the code allows."""


def test_code_allows_nothing_the_documented_matrix_does_not():
    """docs/authorization.md is the reviewed matrix: a new allow must be documented there
    (regenerate with `zorgzaam authz-matrix > docs/authorization.md` and review the diff)."""
    from pathlib import Path

    from zorgzaam.common.authz import DENY, documented_matrix, matrix

    doc = Path(__file__).resolve().parents[4] / "docs" / "authorization.md"
    documented = documented_matrix(doc.read_text(encoding="utf-8"))
    unexpected = []
    for pattern, _capability, cells in matrix():
        for role, value in cells.items():
            if value != DENY and documented.get((pattern, role), DENY) != value:
                unexpected.append(
                    f"/{pattern} {role}: code {value}, docs "
                    f"{documented.get((pattern, role), 'missing')}"
                )
    assert not unexpected, "Undocumented allows:\n" + "\n".join(unexpected)
