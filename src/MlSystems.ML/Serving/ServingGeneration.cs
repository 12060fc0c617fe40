using Microsoft.ML;
using MlSystems.Registry;

namespace MlSystems.ML;

/// <summary>
/// One loaded model version and its pooled prediction engines. Requests enter and leave it; once retired (a newer
/// generation took over) it is disposed when the last in-flight request leaves, never before.
/// </summary>
internal sealed class ServingGeneration<TInput, TOutput> : IDisposable
    where TInput : class
    where TOutput : class, new()
{
    private const int Closed = int.MinValue;
    private readonly PredictionEngine<TInput, TOutput>?[] engines;
    private readonly MLContext mlContext;
    private int inFlight;
    private volatile bool retired;
    private int disposed;

    private readonly Microsoft.ML.Data.SchemaDefinition? inputSchema;

    public ServingGeneration(MLContext mlContext, ITransformer model, ModelVersion version, int poolSize, Microsoft.ML.Data.SchemaDefinition? inputSchema)
    {
        this.mlContext = mlContext;
        this.inputSchema = inputSchema;
        Model = model;
        Version = version;
        engines = new PredictionEngine<TInput, TOutput>?[poolSize];

        // Creating the first engine binds TInput and TOutput to the model's schema: a mismatch throws here, before traffic.
        engines[0] = mlContext.Model.CreatePredictionEngine<TInput, TOutput>(model, inputSchemaDefinition: inputSchema);
    }

    public ITransformer Model { get; }

    public ModelVersion Version { get; }

    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>Enters the generation, or returns false when it has been closed for disposal.</summary>
    public bool TryEnter()
    {
        int current = Volatile.Read(ref inFlight);
        while (current >= 0)
        {
            int seen = Interlocked.CompareExchange(ref inFlight, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref inFlight) == 0 && retired)
        {
            TryClose();
        }
    }

    /// <summary>Stops new requests from being counted in once the in-flight ones leave; disposes at that moment.</summary>
    public void Retire()
    {
        retired = true;
        TryClose();
    }

    public PredictionEngine<TInput, TOutput> Rent()
    {
        for (int i = 0; i < engines.Length; i++)
        {
            PredictionEngine<TInput, TOutput>? engine = Interlocked.Exchange(ref engines[i], null);
            if (engine is not null)
            {
                return engine;
            }
        }

        // Every pooled engine is busy: a new one, kept afterwards if a slot is free.
        return mlContext.Model.CreatePredictionEngine<TInput, TOutput>(Model, inputSchemaDefinition: inputSchema);
    }

    public void Return(PredictionEngine<TInput, TOutput> engine)
    {
        for (int i = 0; i < engines.Length; i++)
        {
            if (Interlocked.CompareExchange(ref engines[i], engine, null) is null)
            {
                return;
            }
        }

        engine.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        for (int i = 0; i < engines.Length; i++)
        {
            Interlocked.Exchange(ref engines[i], null)?.Dispose();
        }
    }

    private void TryClose()
    {
        // Only an empty generation closes; from then on TryEnter fails, so nobody can be inside while it is disposed.
        if (Interlocked.CompareExchange(ref inFlight, Closed, 0) == 0)
        {
            Dispose();
        }
    }
}
