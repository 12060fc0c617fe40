namespace MlSystems.Monitoring;

/// <summary>A host that has flushed summaries of a model, as its latest stored flush shows it.</summary>
/// <param name="HostId">The host.</param>
/// <param name="LastSequence">The highest sequence number it has flushed.</param>
/// <param name="LastIntervalEnd">The latest end of an interval it has flushed, in UTC: a coordinator that finds it older
/// than the interval it merges reports the host as missing coverage.</param>
/// <param name="SummaryCount">How many of its summaries the store holds.</param>
public sealed record FleetHost(string HostId, long LastSequence, DateTimeOffset LastIntervalEnd, long SummaryCount);
