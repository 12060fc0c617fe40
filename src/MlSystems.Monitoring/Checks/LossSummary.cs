namespace MlSystems.Monitoring;

/// <summary>
/// The labelled losses of one version's window: how many, their mean and their sample variance. What a performance
/// check needs and no more, so a summary merged from several replicas serves as well as one replica's window.
/// </summary>
internal readonly record struct LossSummary(int Count, double Mean, double Variance);
