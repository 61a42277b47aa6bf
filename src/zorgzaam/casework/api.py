"""Read API of casework (same need-to-know and audit as the screens) and the status update
of a received referral. No BSN is ever returned; names only in the household detail."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from zorgzaam.accounts.permissions import HasCapability
from zorgzaam.audit.services import audit_record

from . import permissions, selectors, services
from .models import Household, Referral


class HouseholdListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    village = serializers.CharField(source="area.name", default=None)
    team = serializers.CharField(source="team.name")

    class Meta:
        model = Household
        fields = ["id", "name", "village", "team", "status", "opened_on", "closed_on"]


class MemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="person.full_name")
    role = serializers.CharField()
    has_bsn = serializers.BooleanField()


class ActionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    category = serializers.CharField()
    description = serializers.CharField()
    ref_kind = serializers.CharField()
    ref_id = serializers.UUIDField(source="ref_public_id", allow_null=True)
    provision = serializers.CharField()
    formal_reason = serializers.CharField()
    status = serializers.CharField()
    referral_status = serializers.SerializerMethodField()

    def get_referral_status(self, action) -> str | None:
        referral = getattr(action, "referral", None)
        return referral.status if referral is not None else None


class GoalSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    domain = serializers.CharField(source="domain.code")
    description = serializers.CharField()
    status = serializers.CharField()
    actions = ActionSerializer(many=True, source="actions.all")


class HouseholdDetailSerializer(HouseholdListSerializer):
    members = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()
    zrm = serializers.SerializerMethodField()

    class Meta(HouseholdListSerializer.Meta):
        fields = HouseholdListSerializer.Meta.fields + ["postcode", "members", "goals", "zrm"]

    def get_members(self, household) -> list[dict]:
        return MemberSerializer(household.members.select_related("person"), many=True).data

    def get_goals(self, household) -> list[dict]:
        return GoalSerializer(selectors.plan_goals(household), many=True).data

    def get_zrm(self, household) -> list[dict]:
        table = selectors.score_table(household)
        return [
            {
                "moment": m.moment,
                "date": m.measured_on,
                "scores": {d.code: values[j] for d, values in table.rows if values[j] is not None},
            }
            for j, m in enumerate(table.measurements)
        ]


class ReferralSerializer(serializers.ModelSerializer):
    """The receiver's minimal view: exactly what the referral form promises the professional
    (the request, the contact person and the phone number), no household file and not the
    life domain of the plan it came from (that tells e.g. "Middelengebruik")."""

    id = serializers.UUIDField(source="public_id")
    stale = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "receiver_label",
            "message",
            "contact_name",
            "contact_phone",
            "status",
            "decline_reason",
            "status_changed_at",
            "stale",
        ]

    def get_stale(self, referral) -> bool:
        return selectors.referral_is_stale(referral)


class ReferralUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    decline_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class HouseholdListAPI(ListAPIView):
    permission_classes = [HasCapability.of("casework.view", person_level=True)]
    serializer_class = HouseholdListSerializer

    def get_queryset(self):
        return selectors.household_list(self.request.user, status="all")

    def list(self, request, *args, **kwargs):
        audit_record(event="case.list", request=request, target=("casework.household", "api"))
        return super().list(request, *args, **kwargs)


class HouseholdDetailAPI(APIView):
    permission_classes = [HasCapability.of("casework.view", person_level=True)]

    @extend_schema(
        responses={
            200: HouseholdDetailSerializer,
            403: OpenApiResponse(description="no need-to-know"),
            404: OpenApiResponse(description="unknown id"),
        }
    )
    def get(self, request, household_id):
        household = permissions.household_get_for_actor(request, household_id)
        return Response(HouseholdDetailSerializer(household).data)


class ReferralListAPI(ListAPIView):
    permission_classes = [HasCapability.of("casework.referral_receive", person_level=True)]
    serializer_class = ReferralSerializer

    def get_queryset(self):
        return selectors.referral_inbox(self.request.user)

    def list(self, request, *args, **kwargs):
        audit_record(event="referral.list", request=request, target=("casework.referral", "api"))
        return super().list(request, *args, **kwargs)


class ReferralDetailAPI(APIView):
    permission_classes = [HasCapability.of("casework.referral_receive", person_level=True)]

    def _subject(self, referral):
        return referral.contact_member.person.public_id if referral.contact_member else None

    @extend_schema(
        responses={
            200: ReferralSerializer,
            403: OpenApiResponse(description="not the receiver"),
            404: OpenApiResponse(description="unknown id"),
        }
    )
    def get(self, request, referral_id):
        referral = permissions.referral_get_for_receiver(request, referral_id)
        audit_record(
            event="referral.view",
            request=request,
            target=referral,
            subject_id=self._subject(referral),
        )
        return Response(ReferralSerializer(referral).data)

    @extend_schema(
        request=ReferralUpdateSerializer,
        responses={
            200: ReferralSerializer,
            400: OpenApiResponse(description="transition not allowed or reason missing"),
            403: OpenApiResponse(description="not the receiver"),
            404: OpenApiResponse(description="unknown id"),
        },
    )
    def post(self, request, referral_id):
        referral = permissions.referral_get_for_receiver(request, referral_id)
        body = ReferralUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.referral_update(
            actor=request.user,
            referral=referral,
            status=body.validated_data["status"],
            decline_reason=body.validated_data.get("decline_reason", ""),
            request=request,
        )
        return Response(ReferralSerializer(referral).data)
