using System.Diagnostics;
using System.Globalization;
using MlSystems.Monitoring;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;
using Npgsql;

namespace MlSystems.Samples.FraudLoop;

/// <summary>
/// The fraud loop on a fleet: the same service as <see cref="FraudLoopSimulation"/>, its traffic spread over
/// <c>hosts</c> serving replicas, each a process of its own (<see cref="FleetHostProcess"/>), and one coordinator (this
/// process) that judges their merged traffic, retrains and runs one canary for all of them. The registry and the fleet
/// live in PostgreSQL (fresh schemas, dropped at the end); the profiles in the output directory, shared by the
/// processes. All of them move hour by hour in step, on simulated clocks that agree.
/// </summary>
internal sealed class FleetLoopSimulation(FraudLoopOptions options, int hosts, string connectionString, TextWriter output)
{
    private readonly List<TimelineEntry> timeline = [];

    /// <summary>The fleet options of every process: hourly flushes, a lease of three simulated hours.</summary>
    public static FleetOptions Fleet(FleetRole role, string id) =>
        new() { Role = role, HostId = id, FlushInterval = TimeSpan.FromHours(1), LeaseDuration = TimeSpan.FromHours(3) };

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The output directory holds files this sample did not write, or a host failed.</exception>
    public async Task<FraudLoopResult> RunAsync(CancellationToken cancellationToken = default)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(hosts, 1, nameof(hosts));
        long started = Stopwatch.GetTimestamp();
        string root = await FraudLoopSimulation.PrepareOutputAsync(options.OutputDirectory, cancellationToken);
        string suffix = Guid.NewGuid().ToString("N")[..12];
        (string registrySchema, string fleetSchema) = ($"fraudloop_registry_{suffix}", $"fraudloop_fleet_{suffix}");
        var clock = new SimulatedClock(FraudLoopSimulation.Start);
        var processes = new List<HostProcess>();
        try
        {
            using var registryStore = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = registrySchema }, clock);
            var registry = new ModelRegistry(registryStore, clock);
            await using var fleet = new PostgreSqlFleetStore(connectionString, new PostgreSqlFleetStoreOptions { Schema = fleetSchema }, clock);
            var profiles = new FileSystemReferenceProfileStore(Path.Combine(root, "profiles"));
            var warehouse = new TransactionWarehouse();
            var generator = new TransactionGenerator(options.Seed);
            var trainer = new FraudModelTrainer(warehouse, clock, options.TrainingWindow);
            using var coordinator = new ModelMonitor(FraudLoopSimulation.CreateMonitorOptions(options), registry, profiles, fleet, Fleet(FleetRole.Coordinating, "coordinator"), trainer, clock);
            for (int i = 0; i < options.HistoryHours * options.TransactionsPerHour; i++)
            {
                warehouse.Add(clock.GetUtcNow() - TimeSpan.FromHours(1), generator.Next().Transaction);
            }

            ModelVersion first = await coordinator.RegisterAsync(trainer.Train(warehouse.LabelledSince(DateTimeOffset.MinValue), $"first model: {options.HistoryHours} hours of history"), cancellationToken);
            await registry.SetAliasAsync(FraudLoopSimulation.ModelName, "champion", first.Version, AliasCondition.Unset, new AliasChange("sample", "first model"), cancellationToken);
            await coordinator.CheckAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MlSystems closed loop on a fleet — card-fraud scoring on {hosts} serving processes and one coordinator, {options.Hours} simulated hours, {options.TransactionsPerHour:N0} transactions an hour, labels {options.LabelDelay.TotalHours:0} h late"));
            Note(0, string.Create(CultureInfo.InvariantCulture, $"v{first.Version} trained on {first.Metadata.Metrics[FraudModelTrainer.TrainingRowsMetric]:N0} transactions, registered and serving as champion on every host"));
            for (int h = 0; h < hosts; h++)
            {
                processes.Add(await HostProcess.StartAsync(FleetHostProcess.Arguments(h, hosts, root, registrySchema, fleetSchema, options), cancellationToken));
            }

            var pending = new Queue<(DateTimeOffset Due, Transaction Transaction)>();
            TimeSpan gap = TimeSpan.FromHours(1) / options.TransactionsPerHour;
            var served = new long[hosts];
            var servedByVersion = new Dictionary<int, long>[hosts];
            MonitoringCheck? last = null;
            for (int hour = 1; hour <= options.Hours; hour++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (hour == options.HolidayStartsAt + 1)
                {
                    Note(hour, ">> covariate shift: the holiday season brings larger purchases further from home; fraud follows the same rules");
                }

                if (hour == options.FraudRingStartsAt + 1)
                {
                    Note(hour, ">> concept shift: a fraud ring works small card-present purchases at night; the old rules now mislead");
                }

                // The warehouse sees every transaction, as the business's data does whichever replica scored it.
                generator.Regime = options.RegimeAt(hour);
                for (int i = 0; i < options.TransactionsPerHour; i++)
                {
                    pending.Enqueue((clock.GetUtcNow() + options.LabelDelay, generator.Next().Transaction));
                    clock.Advance(gap);
                }

                for (int h = 0; h < hosts; h++)
                {
                    (served[h], servedByVersion[h]) = await processes[h].ServeAsync(hour, cancellationToken);
                }

                while (pending.TryPeek(out var due) && due.Due <= clock.GetUtcNow())
                {
                    pending.Dequeue();
                    warehouse.Add(clock.GetUtcNow(), due.Transaction);
                }

                MonitoringCheck check = last = await coordinator.CheckAsync(cancellationToken);
                foreach (MonitoringEvent e in check.Events)
                {
                    Note(hour, FraudLoopSimulation.Describe(e), e);
                }

                if (hour % options.StatusEveryHours == 0)
                {
                    Note(hour, FraudLoopSimulation.Status(check));
                    Note(hour, "   hosts this hour: " + string.Join("; ", Enumerable.Range(0, hosts).Select(h => string.Create(CultureInfo.InvariantCulture,
                        $"host-{h + 1} {served[h]:N0} ({string.Join(", ", servedByVersion[h].Select(p => $"v{p.Key} {(double)p.Value / Math.Max(1, served[h]):P0}"))})"))));
                }
            }

            IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync(FraudLoopSimulation.ModelName, cancellationToken: cancellationToken);
            int champion = (await registry.GetByAliasAsync(FraudLoopSimulation.ModelName, "champion", cancellationToken))!.Version;
            output.WriteLine();
            output.WriteLine("Versions:");
            foreach (ModelVersion v in versions)
            {
                string parent = v.Metadata.Lineage?.ParentVersion is int p ? $"retrained from v{p}" : "first model";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  v{v.Version}{(v.Version == champion ? " (champion)" : "")}: {parent}, {v.Metadata.Metrics[FraudModelTrainer.TrainingRowsMetric]:N0} rows, Brier {v.Metadata.Metrics[FraudModelTrainer.LossMetric]:0.0000}"));
            }

            foreach (AliasMove move in await registry.GetAliasHistoryAsync(FraudLoopSimulation.ModelName, "champion", cancellationToken))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  champion: v{move.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"} → v{move.ToVersion} at {move.At:MM-dd HH:mm} by {move.Actor}"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hosts} hosts in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s; plan history and summaries in schema {fleetSchema}, dropped now"));
            return new FraudLoopResult(timeline, champion, versions, DriftReportPath: null, last?.Health ?? MonitoringHealth.Unhealthy);
        }
        finally
        {
            foreach (HostProcess process in processes)
            {
                await process.DisposeAsync();
            }

            await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
            foreach (string schema in (string[])[registrySchema, fleetSchema])
            {
                // The names are generated above from hex digits: safe as identifiers.
                await using NpgsqlCommand drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private void Note(int hour, string text, MonitoringEvent? e = null)
    {
        timeline.Add(new TimelineEntry(hour, text, e?.Kind, e?.Version));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"day {(hour / 24) + 1} {hour % 24:00}:00  {text}"));
    }

    /// <summary>A replica's process, driven line by line.</summary>
    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Task<string> errors;

        private HostProcess(Process process)
        {
            this.process = process;
            errors = process.StandardError.ReadToEndAsync();
        }

        public static async Task<HostProcess> StartAsync(string[] arguments, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(FleetHostProcess).Assembly.Location);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var host = new HostProcess(Process.Start(start)!);
            await host.ExpectAsync("ready", cancellationToken);
            return host;
        }

        public async Task<(long Served, Dictionary<int, long> ByVersion)> ServeAsync(int hour, CancellationToken cancellationToken)
        {
            await process.StandardInput.WriteLineAsync($"hour {hour}".AsMemory(), cancellationToken);
            await process.StandardInput.FlushAsync(cancellationToken);
            string[] parts = (await ExpectAsync($"served {hour} ", cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var byVersion = parts.Skip(3).Select(p => p.Split('=')).ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => long.Parse(p[1], CultureInfo.InvariantCulture));
            return (long.Parse(parts[2], CultureInfo.InvariantCulture), byVersion);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                await process.StandardInput.WriteLineAsync("stop");
                await process.StandardInput.FlushAsync();
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    process.Kill();
                }
            }

            process.Dispose();
        }

        private async Task<string> ExpectAsync(string prefix, CancellationToken cancellationToken)
        {
            string? line = await process.StandardOutput.ReadLineAsync(cancellationToken);
            return line is not null && line.StartsWith(prefix, StringComparison.Ordinal)
                ? line
                : throw new InvalidOperationException($"A fleet host answered '{line}' where '{prefix}…' was expected: {(line is null ? await errors : "")}");
        }
    }
}
