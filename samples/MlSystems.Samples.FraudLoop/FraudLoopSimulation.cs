using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlSystems.Drift;
using MlSystems.Monitoring;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Samples.FraudLoop;

/// <summary>
/// A card-fraud scoring service on a simulated clock: a first ML.NET model trained on two days of history is
/// registered and served; every hour the monitor checks the served traffic and the delayed labels (chargebacks arrive
/// three hours later); a holiday season (covariate shift) and later a fraud ring (concept shift) are injected; the loop
/// detects them, retrains on recent labelled data, registers the new version with its lineage, canaries it, and
/// promotes or rolls it back. Everything is real: the registry and profiles are files, the models are ML.NET models
/// loaded back from the registry, and the timeline is what the monitor reported.
/// </summary>
internal sealed class FraudLoopSimulation(FraudLoopOptions options, TextWriter output)
{
    public const string ModelName = "card-fraud";

    private const string MarkerFile = ".mlsystems-sample";

    /// <summary>When the simulated clock starts, in every process of a run.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<TimelineEntry> timeline = [];

    /// <summary>
    /// Runs the simulation: empties the output directory (only one an earlier run wrote, marked by its marker file),
    /// trains and registers the first model, then serves, labels and checks hour by hour, printing a timeline.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The output directory holds files this sample did not write.</exception>
    public async Task<FraudLoopResult> RunAsync(CancellationToken cancellationToken = default)
    {
        options.Validate();
        long started = Stopwatch.GetTimestamp();
        string root = await PrepareOutputAsync(options.OutputDirectory, cancellationToken);
        var clock = new SimulatedClock(Start);
        var registry = new ModelRegistry(new FileSystemModelRegistryStore(Path.Combine(root, "registry"), timeProvider: clock), clock);
        var profiles = new FileSystemReferenceProfileStore(Path.Combine(root, "profiles"));
        var warehouse = new TransactionWarehouse();
        var generator = new TransactionGenerator(options.Seed);
        var trainer = new FraudModelTrainer(warehouse, clock, options.TrainingWindow);
        using var monitor = new ModelMonitor(CreateMonitorOptions(options), registry, profiles, trainer, clock);
        using var engines = new ScoringEngines(registry);

        for (int i = 0; i < options.HistoryHours * options.TransactionsPerHour; i++)
        {
            warehouse.Add(clock.GetUtcNow() - TimeSpan.FromHours(1), generator.Next().Transaction);
        }

        ModelVersion first = await monitor.RegisterAsync(trainer.Train(warehouse.LabelledSince(DateTimeOffset.MinValue), $"first model: {options.HistoryHours} hours of history"), cancellationToken);
        string alias = monitor.Options.ChampionAlias;
        await registry.SetAliasAsync(ModelName, alias, first.Version, AliasCondition.Unset, new AliasChange("sample", "first model"), cancellationToken);
        await monitor.CheckAsync(cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MlSystems closed loop — card-fraud scoring, {options.Hours} simulated hours, {options.TransactionsPerHour:N0} transactions an hour, labels {options.LabelDelay.TotalHours:0} h late"));
        Note(0, string.Create(CultureInfo.InvariantCulture, $"v{first.Version} trained on {first.Metadata.Metrics[FraudModelTrainer.TrainingRowsMetric]:N0} transactions (Brier {first.Metadata.Metrics[FraudModelTrainer.LossMetric]:0.0000}), registered and serving as champion"));

        string[] cards = [.. Enumerable.Range(0, 50_000).Select(i => $"card-{i}")];
        var pending = new Queue<(DateTimeOffset Due, string Id, Transaction Transaction)>();
        var features = new double[Transaction.FeatureNames.Length];
        TimeSpan gap = TimeSpan.FromHours(1) / options.TransactionsPerHour;
        string? report = null;
        MonitoringCheck? last = null;
        long request = 0;
        for (int hour = 1; hour <= options.Hours; hour++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (hour == options.HolidayStartsAt + 1)
            {
                generator.Regime = Regime.Holiday;
                Note(hour, ">> covariate shift: the holiday season brings larger purchases further from home; fraud follows the same rules");
            }

            if (hour == options.FraudRingStartsAt + 1)
            {
                generator.Regime = Regime.FraudRing;
                Note(hour, ">> concept shift: a fraud ring works small card-present purchases at night; the old rules now mislead");
            }

            for (int i = 0; i < options.TransactionsPerHour; i++)
            {
                (Transaction transaction, int card) = generator.Next();
                ModelRoute route = monitor.Route(cards[card]);
                PredictionEngine<Transaction, FraudScore> engine = await engines.GetAsync(route.Version, cancellationToken);
                long scoring = Stopwatch.GetTimestamp();
                float probability = engine.Predict(transaction).Probability;
                TimeSpan latency = Stopwatch.GetElapsedTime(scoring);
                string id = (++request).ToString(CultureInfo.InvariantCulture);
                transaction.CopyFeatures(features);
                monitor.RecordPrediction(id, route, features, probability, latency);
                pending.Enqueue((clock.GetUtcNow() + options.LabelDelay, id, transaction));
                clock.Advance(gap);
            }

            while (pending.TryPeek(out var due) && due.Due <= clock.GetUtcNow())
            {
                pending.Dequeue();
                monitor.RecordLabel(due.Id, due.Transaction.Label ? 1 : 0);
                warehouse.Add(clock.GetUtcNow(), due.Transaction);
            }

            MonitoringCheck check = last = await monitor.CheckAsync(cancellationToken);
            foreach (MonitoringEvent e in check.Events)
            {
                Note(hour, Describe(e), e);
            }

            if (report is null && check.Events.Any(e => e.Kind == MonitoringEventKind.DriftDetected) && check is { Drift: { } drift, Reference: { } reference, Current: { } current })
            {
                report = Path.Combine(root, "drift-report.html");
                await DriftHtmlReport.WriteFileAsync(report, drift, reference, current, new DriftHtmlReportOptions
                {
                    Title = string.Create(CultureInfo.InvariantCulture, $"card-fraud v{check.ChampionVersion}: served traffic at hour {hour} against its training data"),
                    ReferenceName = "training",
                    CurrentName = "served",
                    GeneratedAt = clock.GetUtcNow(),
                }, cancellationToken);
                Note(hour, $"   drift report written to {Path.GetRelativePath(Environment.CurrentDirectory, report)}");
            }

            if (hour % options.StatusEveryHours == 0)
            {
                Note(hour, Status(check));
            }
        }

        IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync(ModelName, cancellationToken: cancellationToken);
        int champion = (await registry.GetByAliasAsync(ModelName, alias, cancellationToken))!.Version;
        output.WriteLine();
        output.WriteLine("Versions (lineage and baseline loss from the registry):");
        foreach (ModelVersion v in versions)
        {
            string parent = v.Metadata.Lineage?.ParentVersion is int p ? $"retrained from v{p}" : "first model";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  v{v.Version}{(v.Version == champion ? " (champion)" : "")}: {parent}, {v.Metadata.Metrics[FraudModelTrainer.TrainingRowsMetric]:N0} rows, Brier {v.Metadata.Metrics[FraudModelTrainer.LossMetric]:0.0000}, data {v.Metadata.Lineage?.TrainingDataFingerprint?[..19]}…"));
        }

        foreach (AliasMove move in await registry.GetAliasHistoryAsync(ModelName, alias, cancellationToken))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  champion: v{move.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"} → v{move.ToVersion} at {move.At:MM-dd HH:mm} by {move.Actor}"));
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        (long predictions, _, long labels, _, _) = monitor.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{predictions:N0} predictions and {labels:N0} labels in {elapsed.TotalSeconds:0.0} s; registry and profiles under {Path.GetRelativePath(Environment.CurrentDirectory, root)}"));
        return new FraudLoopResult(timeline, champion, versions, report, last?.Health ?? MonitoringHealth.Unhealthy);
    }

    /// <summary>
    /// Empties the output directory (only one an earlier run wrote, marked by its marker file) and marks it.
    /// </summary>
    /// <returns>Its full path.</returns>
    /// <exception cref="InvalidOperationException">The directory holds files this sample did not write.</exception>
    public static async Task<string> PrepareOutputAsync(string directory, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(directory);
        string marker = Path.Combine(root, MarkerFile);
        if (Directory.Exists(root))
        {
            // Only a directory this sample wrote before is emptied; anything else is the user's and is left alone.
            if (Directory.EnumerateFileSystemEntries(root).Any() && !File.Exists(marker))
            {
                throw new InvalidOperationException($"{root} is not empty and was not written by this sample; give the sample a new or empty directory.");
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(marker, "Written by samples/MlSystems.Samples.FraudLoop; emptied at its next run.\n", cancellationToken);
        return root;
    }

    /// <summary>The monitor's options for a run: the same for the embedded run and for every process of the fleet run.</summary>
    public static ModelMonitorOptions CreateMonitorOptions(FraudLoopOptions options) => new()
    {
        ModelName = ModelName,
        FeatureNames = Transaction.FeatureNames,
        CheckInterval = TimeSpan.FromHours(1),
        WindowCapacity = options.TransactionsPerHour,
        // Drift waits six hours before it retrains, so that labels of the new data have arrived to learn from.
        Drift = new DriftPolicy { MinimumRows = options.TransactionsPerHour / 2, RetrainAfter = TimeSpan.FromHours(6) },
        Performance = new PerformancePolicy
        {
            Loss = FraudModelTrainer.BrierLoss,
            MetricName = FraudModelTrainer.LossMetric,
            MaximumIncrease = 0.01,
            MinimumLabels = 2000,
            WindowSize = options.TransactionsPerHour,
        },
        RetrainCooldown = TimeSpan.FromHours(4),
        ConfigureCanary = plan =>
        {
            // The simulation runs far faster than real time, so wall-clock latency is not gated; quality is, on the
            // Brier loss of each arm's labelled requests.
            plan.Steps = [new CanaryStep(20, TimeSpan.FromHours(1), 1000, TimeSpan.FromHours(12)), new CanaryStep(50, TimeSpan.FromHours(1), 2000, TimeSpan.FromHours(12)), new CanaryStep(100, TimeSpan.FromHours(1), 2000, TimeSpan.FromHours(12))];
            plan.Gates = [new ErrorRateGate(), new BusinessMetricGate(maximumRelativeDecrease: 0.2, higherIsBetter: false)];
        },
    };

    /// <summary>A timeline line for an event.</summary>
    public static string Describe(MonitoringEvent e) => e.Kind switch
    {
        MonitoringEventKind.DriftDetected => $"drift on v{e.Version}: {e.Detail}",
        MonitoringEventKind.PerformanceDecayed => $"decay of v{e.Version}: {e.Detail}",
        MonitoringEventKind.RetrainingStarted => $"retraining from v{e.Version} ({e.Detail})",
        MonitoringEventKind.CandidateRegistered => $"v{e.Version} registered: {e.Detail}",
        MonitoringEventKind.CanaryStarted => $"canary for v{e.Version} started",
        MonitoringEventKind.CanaryAdvanced => $"canary for v{e.Version} advanced: {e.Detail[..e.Detail.IndexOf(':', StringComparison.Ordinal)]}",
        MonitoringEventKind.CanaryPromoted => $"v{e.Version} PROMOTED: {e.Detail}",
        MonitoringEventKind.CanaryRolledBack => $"v{e.Version} ROLLED BACK: {e.Detail}",
        MonitoringEventKind.ChampionChanged => $"now serving v{e.Version}",
        MonitoringEventKind.RetrainingFailed => $"retraining failed: {e.Detail}",
        _ => e.Detail,
    };

    /// <summary>A status line for a check.</summary>
    public static string Status(MonitoringCheck check)
    {
        string loss = check.Performance is { Labels: > 0 } p
            ? string.Create(CultureInfo.InvariantCulture, $"Brier {p.MeanLoss:0.0000} vs baseline {p.Baseline:0.0000}")
            : "no labels yet";
        string drift = check.Drift is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.DriftedFeatureCount}/{d.Features.Count} features drifted") : "drift not checked";
        string canary = check.CandidateVersion is int c ? $", canary v{c}" : "";
        return $"   status: v{check.ChampionVersion} {check.Health}, {loss}, {drift}{canary}";
    }

    private void Note(int hour, string text, MonitoringEvent? e = null)
    {
        timeline.Add(new TimelineEntry(hour, text, e?.Kind, e?.Version));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"day {(hour / 24) + 1} {hour % 24:00}:00  {text}"));
    }
}
