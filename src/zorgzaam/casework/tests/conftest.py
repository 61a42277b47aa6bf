import itertools

import pytest

from zorgzaam.casework.models import HouseholdMember
from zorgzaam.casework.services import IntakeInput, MemberInput, household_intake

BSN_A = "111222333"
BSN_B = "123456782"
_n = itertools.count(1)


def make_case(world, *, actor=None, team=None, bsn_a=BSN_A, bsn_b=BSN_B, network=True):
    """A household of team A (or ``team``) with two members and one own-network person."""
    actor = actor or world.users["professional"]
    pc = world.person_a.postcode_area.pc4
    if HouseholdMember.objects.filter(person=world.person_a).exists():
        n = next(_n)
        applicant = MemberInput(
            role="applicant", given_name="Ad", family_name=f"Ander{n}", bsn=bsn_a
        )
    else:
        applicant = MemberInput(role="applicant", person=world.person_a, bsn=bsn_a)
    return household_intake(
        actor=actor,
        data=IntakeInput(
            name="Huishouden Test",
            postcode=f"{pc} AB",
            team=team or world.team_a,
            members=[
                applicant,
                MemberInput(role="partner", given_name="Pim", family_name="Partnerman", bsn=bsn_b),
            ],
            scores={"financien": 2, "sociaal-netwerk": 3},
            note="Eerste gesprek aan de keukentafel.",
            network_name="Anja Buurvrouw" if network else "",
            network_relation="buurvrouw",
            network_can_help_with="boodschappen",
        ),
    )


@pytest.fixture
def case(world):
    return make_case(world)
