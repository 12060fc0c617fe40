namespace MlSystems.Monitoring;

/// <summary>
/// One revision of a model's fleet plan (what every host routes from: the champion, the canary's candidate, step and
/// share), as the coordinator holding the lease wrote it. The payload is opaque to the store and versioned.
/// </summary>
/// <remarks>Record equality compares <see cref="Payload"/> as a memory reference, not byte by byte: compare revisions,
/// or the payloads' spans, to tell whether two plans say the same.</remarks>
/// <param name="ModelName">The model.</param>
/// <param name="Revision">The plan's revision, from 1, without gaps: each write is the next one.</param>
/// <param name="FormatVersion">The version of the payload's format.</param>
/// <param name="Payload">The plan.</param>
/// <param name="Holder">The coordinator that wrote it.</param>
/// <param name="Token">The fencing token of the lease it was written under.</param>
/// <param name="WrittenAt">When it was written, in UTC, by the writer's clock.</param>
public sealed record FleetPlan(string ModelName, long Revision, int FormatVersion, ReadOnlyMemory<byte> Payload, string Holder, long Token, DateTimeOffset WrittenAt);
