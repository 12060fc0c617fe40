namespace MlSystems.Features;

/// <summary>
/// The engine's reusable <see cref="IngestBatch"/>es: one slot per processor, taken and returned with an interlocked
/// exchange, so concurrent writers each find one without allocating and without a lock.
/// </summary>
internal sealed class IngestBatchPool(Func<IngestBatch> create)
{
    private readonly IngestBatch?[] slots = new IngestBatch?[Math.Max(2, Environment.ProcessorCount)];

    public IngestBatch Rent()
    {
        for (int i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is not null && Interlocked.Exchange(ref slots[i], null) is { } batch)
            {
                return batch;
            }
        }

        return create();
    }

    /// <summary>Keeps <paramref name="batch"/> for the next writer, unless every slot is full (more writers than processors).</summary>
    public void Return(IngestBatch batch)
    {
        for (int i = 0; i < slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref slots[i], batch, null) is null)
            {
                return;
            }
        }
    }
}
