"""The API's serializers, by resource: what each representation holds and what a write may send."""
from api.serializers.changes import (  # noqa: F401
    ChangeEventSerializer,
    ChangeFeedSerializer,
)
from api.serializers.claims import (  # noqa: F401
    AppearanceInClaimSerializer,
    ClaimantSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    FigureSerializer,
    ReviewSerializer,
    SubjectSerializer,
    TransitionSerializer,
)
from api.serializers.conflicts import (  # noqa: F401
    AppearanceSerializer,
    ConflictDecisionSerializer,
    ConflictMemberSerializer,
    ConflictSerializer,
    EvidenceReviewSerializer,
    MemberSourceSerializer,
    RankSerializer,
    SideSerializer,
)
from api.serializers.reference import (  # noqa: F401
    METRIC_SUMMARY_SCHEMA,
    AliasSerializer,
    EntityAliasSerializer,
    EntitySerializer,
    MetricSerializer,
    OptionalURLField,
    PublisherSerializer,
    SourceSerializer,
    UniqueNameMixin,
    metric_summary,
)
