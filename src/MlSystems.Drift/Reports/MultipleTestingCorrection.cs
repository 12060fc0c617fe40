namespace MlSystems.Drift;

/// <summary>How the report adjusts p-values when it tests many features at once.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>No adjustment: each feature at its own level. With 100 features at α = 0.05, about 5 flag by chance. The default.</summary>
    None = 0,

    /// <summary>Bonferroni: p·m, controlling the chance of any false flag (family-wise error); conservative.</summary>
    Bonferroni = 1,

    /// <summary>Holm's step-down: family-wise error control like Bonferroni, never less powerful.</summary>
    Holm = 2,

    /// <summary>Benjamini–Hochberg: controls the expected share of false flags among the flagged (false discovery rate).</summary>
    BenjaminiHochberg = 3,
}
