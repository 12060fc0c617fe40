namespace MlSystems.Features;

/// <summary>How a <see cref="FeatureStreamProcessor{TEvent}"/> shares and processes a feature stream's partitions.</summary>
public sealed class FeatureStreamProcessorOptions
{
    /// <summary>The longest processor id, in characters.</summary>
    public const int MaxProcessorIdLength = 200;

    /// <summary>
    /// This processor's id among the stream's processors; default the machine name, the process id and a random suffix,
    /// unique per start. Two running processors must never share one.
    /// </summary>
    public string ProcessorId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// How long a lease and a heartbeat last without renewal; default 15 seconds. A processor that dies holds its
    /// partitions this long at most; one that pauses longer loses them, and its checkpoints are refused from then on.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events read from a partition per step; default 512, from 1 to 10,000.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// The longest time between checkpoints of a partition that is processing; default 1 second, zero for a checkpoint
    /// after every batch. Events after the last checkpoint are processed again by whoever owns the partition next, with
    /// the same result (the engine restarts from the checkpoint, and the store ignores a vector it already holds).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="FeatureStreamProcessor{TEvent}"/> waits after a step that found no events; default 100 milliseconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether events a checkpoint covers are trimmed from the stream, bounding its memory; default true. They are acknowledged to the transport either way.</summary>
    public bool TrimProcessed { get; set; } = true;

    /// <summary>The options of every partition's engine, copied at construction; the defaults when null. A checkpoint restores only into the same lateness.</summary>
    public FeatureEngineOptions? Engine { get; set; }

    internal FeatureStreamProcessorOptions Clone()
    {
        var copy = (FeatureStreamProcessorOptions)MemberwiseClone();
        copy.Engine = Engine?.Clone();
        return copy;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ProcessorId) || ProcessorId.Length > MaxProcessorIdLength || ProcessorId.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"ProcessorId must be non-blank, at most {MaxProcessorIdLength} characters and free of '|' ('{ProcessorId}').", nameof(ProcessorId));
        }

        if (LeaseDuration < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentException($"LeaseDuration must be at least 100 milliseconds ({LeaseDuration}).", nameof(LeaseDuration));
        }

        if (BatchSize is < 1 or > 10_000)
        {
            throw new ArgumentException($"BatchSize must be from 1 to 10,000 ({BatchSize}).", nameof(BatchSize));
        }

        if (CheckpointInterval < TimeSpan.Zero || CheckpointInterval >= LeaseDuration)
        {
            throw new ArgumentException($"CheckpointInterval must be from zero to less than LeaseDuration ({CheckpointInterval}; lease {LeaseDuration}).", nameof(CheckpointInterval));
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"PollInterval must be positive ({PollInterval}).", nameof(PollInterval));
        }

        Engine?.Validate();
    }
}
