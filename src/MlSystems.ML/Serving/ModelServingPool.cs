using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using MlSystems.Registry;

namespace MlSystems.ML;

/// <summary>
/// Thread-safe serving of an ML.NET model that follows a registry alias: pooled <see cref="PredictionEngine{TSrc, TDst}"/>
/// instances per model generation, and a hot swap whenever the alias moves — the new version is loaded (integrity
/// checked), bound to <typeparamref name="TInput"/>/<typeparamref name="TOutput"/> (schema checked) and warmed before it
/// takes traffic; the old generation is disposed once its in-flight calls have drained.
/// </summary>
/// <remarks>
/// <para>The successor of Microsoft.Extensions.ML's PredictionEnginePool. <see cref="Predict(TInput, ref TOutput)"/>
/// does no I/O and allocates nothing beyond what the model itself allocates; resolving the serving generation is one
/// volatile read.</para>
/// <para>A version that fails to load, bind or warm is refused: the previous one keeps serving, the refusal is logged
/// and counted. Moves made through the same registry instance are seen at once, and so are moves by other processes
/// when the registry's store reports them (the PostgreSQL store does); otherwise they are seen at the next poll.</para>
/// </remarks>
/// <typeparam name="TInput">The input row type.</typeparam>
/// <typeparam name="TOutput">The prediction type.</typeparam>
public sealed class ModelServingPool<TInput, TOutput> : IAsyncDisposable, IDisposable
    where TInput : class
    where TOutput : class, new()
{
    private readonly IModelRegistry registry;
    private readonly ModelServingOptions options;
    private readonly MLContext mlContext;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MlTelemetry? telemetry;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly KeyValuePair<string, object?> modelTag;
    private ServingGeneration<TInput, TOutput>? current;
    private IDisposable? subscription;
    private ITimer? poll;

    /// <summary>Creates a pool; call <see cref="StartAsync"/> before predicting.</summary>
    /// <param name="registry">The registry to load from and to watch.</param>
    /// <param name="options">What to serve; copied and validated here, so changing it afterwards changes nothing (the warm-up input and schema definition it names are kept as the objects they are).</param>
    /// <param name="mlContext">The ML.NET context; a new one (seed 0) when null.</param>
    /// <param name="timeProvider">The clock for polling and durations; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the warm-up input is not a <typeparamref name="TInput"/>.</exception>
    public ModelServingPool(IModelRegistry registry, ModelServingOptions options, MLContext? mlContext = null, TimeProvider? timeProvider = null, ILogger<ModelServingPool<TInput, TOutput>>? logger = null)
        : this(registry, options, mlContext, timeProvider, logger, telemetry: null)
    {
    }

    internal ModelServingPool(IModelRegistry registry, ModelServingOptions options, MLContext? mlContext, TimeProvider? timeProvider, ILogger? logger, MlTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        if (options.WarmupInput is not null and not TInput)
        {
            throw new ArgumentException($"The warm-up input is a {options.WarmupInput.GetType().Name}, not a {typeof(TInput).Name}.", nameof(options));
        }

        this.registry = registry;
        this.options = options;
        this.mlContext = mlContext ?? new MLContext(seed: 0);
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.telemetry = telemetry;
        modelTag = new KeyValuePair<string, object?>(TelemetryTags.Model, options.ModelName);
    }

    /// <summary>The served model's name.</summary>
    public string ModelName => options.ModelName;

    /// <summary>The followed alias.</summary>
    public string Alias => options.Alias;

    /// <summary>The version serving now; null before <see cref="StartAsync"/>.</summary>
    public ModelVersion? ServingVersion => Volatile.Read(ref current)?.Version;

    /// <summary>Loads the version the alias points to and starts following the alias.</summary>
    /// <exception cref="ModelNotFoundException">The model or alias does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The artifact was altered.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit <typeparamref name="TInput"/>/<typeparamref name="TOutput"/>.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        subscription ??= registry.Changes.Subscribe(new AliasWatcher(this));
        ModelVersion version = await registry.GetByAliasAsync(options.ModelName, options.Alias, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model '{options.ModelName}' has no alias '{options.Alias}'.");
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is null)
            {
                Install(await LoadAsync(version.Version, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            refreshing.Release();
        }

        if (options.PollInterval != Timeout.InfiniteTimeSpan)
        {
            poll ??= time.CreateTimer(_ => _ = RefreshInBackgroundAsync(), null, options.PollInterval, options.PollInterval);
        }
    }

    /// <summary>Re-reads the alias and, when it moved, swaps to its version. Returns once any swap has completed.</summary>
    /// <returns>True when a new generation took over.</returns>
    /// <exception cref="InvalidOperationException">The pool has not been started.</exception>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ServingGeneration<TInput, TOutput> serving = current ?? throw NotStarted();
            ModelVersion? target = await registry.GetByAliasAsync(options.ModelName, options.Alias, cancellationToken).ConfigureAwait(false);
            if (target is null || target.Version == serving.Version.Version)
            {
                return false;
            }

            ServingGeneration<TInput, TOutput> next;
            try
            {
                next = await LoadAsync(target.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                telemetry?.Swaps.Add(1, modelTag, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "refused"));
                MlLog.SwapRefused(logger, exception, options.ModelName, target.Version, serving.Version.Version);
                return false;
            }

            Install(next);
            return true;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>Predicts one row.</summary>
    /// <exception cref="InvalidOperationException">The pool has not been started, or was disposed.</exception>
    public TOutput Predict(TInput input)
    {
        var output = new TOutput();
        Predict(input, ref output);
        return output;
    }

    /// <summary>Predicts one row into <paramref name="output"/>, reusing it.</summary>
    /// <exception cref="InvalidOperationException">The pool has not been started, or was disposed.</exception>
    public void Predict(TInput input, ref TOutput output)
    {
        long start = telemetry?.PredictionDuration.Enabled == true ? time.GetTimestamp() : 0;
        while (true)
        {
            ServingGeneration<TInput, TOutput> generation = Volatile.Read(ref current) ?? throw NotStarted();

            // A generation closes only after it was replaced, so a failed entry means a newer one is current.
            if (!generation.TryEnter())
            {
                continue;
            }

            try
            {
                PredictionEngine<TInput, TOutput> engine = generation.Rent();
                try
                {
                    engine.Predict(input, ref output);
                }
                finally
                {
                    generation.Return(engine);
                }
            }
            finally
            {
                generation.Exit();
            }

            break;
        }

        if (start != 0)
        {
            telemetry!.PredictionDuration.Record(time.GetElapsedTime(start).TotalSeconds, modelTag);
        }
    }

    /// <summary>Stops following the alias and disposes the serving generation once its in-flight calls have drained.</summary>
    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        if (poll is not null)
        {
            await poll.DisposeAsync().ConfigureAwait(false);
        }

        await refreshing.WaitAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref current, null)?.Retire();
        refreshing.Release();
    }

    /// <summary>The synchronous form of <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose()
    {
        subscription?.Dispose();
        poll?.Dispose();
        refreshing.Wait();
        Interlocked.Exchange(ref current, null)?.Retire();
        refreshing.Release();
    }

    internal ServingGeneration<TInput, TOutput>? Current => Volatile.Read(ref current);

    private async Task<ServingGeneration<TInput, TOutput>> LoadAsync(int version, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        LoadedTransformer loaded = await registry.LoadTransformerAsync(options.ModelName, version, mlContext, cancellationToken).ConfigureAwait(false);
        var generation = new ServingGeneration<TInput, TOutput>(mlContext, loaded.Model, loaded.Version, options.PoolSize, options.InputSchemaDefinition);
        try
        {
            if (options.WarmupInput is TInput warmup)
            {
                PredictionEngine<TInput, TOutput> engine = generation.Rent();
                try
                {
                    engine.Predict(warmup);
                }
                finally
                {
                    generation.Return(engine);
                }
            }
        }
        catch
        {
            generation.Dispose();
            throw;
        }

        double seconds = time.GetElapsedTime(start).TotalSeconds;
        telemetry?.LoadDuration.Record(seconds, modelTag);
        MlLog.Swapped(logger, options.ModelName, version, options.Alias, seconds);
        return generation;
    }

    private void Install(ServingGeneration<TInput, TOutput> next)
    {
        ServingGeneration<TInput, TOutput>? old = Interlocked.Exchange(ref current, next);
        old?.Retire();
        telemetry?.Swaps.Add(1, modelTag, new KeyValuePair<string, object?>(TelemetryTags.Outcome, "swapped"));
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A background refresh has no caller to tell; the next poll or move tries again.
            MlLog.RefreshFailed(logger, exception, options.ModelName, options.Alias);
        }
    }

    private InvalidOperationException NotStarted() => new($"The serving pool for '{options.ModelName}' is not started (call StartAsync) or was disposed.");

    private sealed class AliasWatcher(ModelServingPool<TInput, TOutput> pool) : IObserver<RegistryChange>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(RegistryChange value)
        {
            if (value.Kind is RegistryChangeKind.AliasMoved && value.ModelName == pool.options.ModelName && value.Alias == pool.options.Alias && pool.current is not null)
            {
                _ = Task.Run(pool.RefreshInBackgroundAsync);
            }
        }
    }
}
