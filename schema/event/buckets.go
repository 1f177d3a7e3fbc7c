package event

// JetStream key-value buckets and object stores of the LRS. Documents are
// kept in buckets (streams underneath), so every document write is an event
// on JetStream like a statement; their keys are built by the collector from
// hashes of the tenant-scoped identifiers (see collector/documents.go).
const (
	// StateBucket holds State resource documents (activity, agent,
	// registration, stateId).
	StateBucket = "LEERLIJN_STATE"
	// ActivityProfileBucket holds Activity Profile resource documents.
	ActivityProfileBucket = "LEERLIJN_ACTIVITY_PROFILES"
	// AgentProfileBucket holds Agent Profile resource documents.
	AgentProfileBucket = "LEERLIJN_AGENT_PROFILES"
	// AttachmentsStore is the object store of statement attachment bodies,
	// named <tenant>/<sha2 hex>.
	AttachmentsStore = "LEERLIJN_ATTACHMENTS"
	// CollectorBucket holds what every collector instance must share: the
	// key that signs statement-query cursors.
	CollectorBucket = "LEERLIJN_COLLECTOR"
)

// DocumentBuckets lists the document buckets.
var DocumentBuckets = []string{StateBucket, ActivityProfileBucket, AgentProfileBucket}
