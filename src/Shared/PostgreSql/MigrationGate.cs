namespace MlSystems.PostgreSql;

/// <summary>
/// Runs a store's schema migration once per store instance: the first operation migrates, concurrent ones wait for it,
/// later ones pass straight through. A failed migration is tried again by the next operation.
/// </summary>
internal sealed class MigrationGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    /// <summary>Whether the migration has succeeded, so <see cref="EnsureAsync"/> returns at once.</summary>
    public bool Done => done;

    /// <summary>Runs <paramref name="migrate"/> unless it has already succeeded; reports the steps it applied to <paramref name="applied"/>.</summary>
    public async Task EnsureAsync(Func<CancellationToken, Task<int>> migrate, Action<int> applied, CancellationToken cancellationToken)
    {
        if (done)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!done)
            {
                int count = await migrate(cancellationToken).ConfigureAwait(false);
                if (count > 0)
                {
                    applied(count);
                }

                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => gate.Dispose();
}
