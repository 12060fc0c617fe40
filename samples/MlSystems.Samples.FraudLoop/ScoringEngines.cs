using Microsoft.ML;
using MlSystems.ML;
using MlSystems.Registry;

namespace MlSystems.Samples.FraudLoop;

/// <summary>One ML.NET prediction engine per registered version, loaded from the registry on first use.</summary>
internal sealed class ScoringEngines(IModelRegistry registry) : IDisposable
{
    private readonly Dictionary<int, PredictionEngine<Transaction, FraudScore>> engines = [];
    private readonly MLContext ml = new(seed: 1);

    public async ValueTask<PredictionEngine<Transaction, FraudScore>> GetAsync(int version, CancellationToken cancellationToken)
    {
        if (!engines.TryGetValue(version, out PredictionEngine<Transaction, FraudScore>? engine))
        {
            LoadedTransformer loaded = await registry.LoadTransformerAsync(FraudLoopSimulation.ModelName, version, ml, cancellationToken);
            engine = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(loaded.Model);
            engines.Add(version, engine);
        }

        return engine;
    }

    public void Dispose()
    {
        foreach (PredictionEngine<Transaction, FraudScore> engine in engines.Values)
        {
            engine.Dispose();
        }
    }
}
