namespace MlSystems.Samples.FraudLoop;

/// <summary>What the world is doing: the data the service sees and what fraud looks like in it.</summary>
internal enum Regime
{
    /// <summary>The period the first model is trained on.</summary>
    Normal,

    /// <summary>Covariate shift: a holiday season — larger purchases, further from home. Fraud follows the same rules.</summary>
    Holiday,

    /// <summary>Concept shift on top: a fraud ring now works small card-present purchases at night; old rules mislead.</summary>
    FraudRing,
}
