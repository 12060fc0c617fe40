using MlSystems.Cli.Csv;

namespace MlSystems.Cli.Drift;

/// <summary>What <c>mlsys drift</c> was asked to do.</summary>
internal sealed record DriftCommandSettings(
    string Reference,
    string Current,
    string? Report,
    string? Json,
    char Delimiter,
    bool DelimiterChosen,
    IReadOnlyDictionary<string, ColumnKind> Overrides,
    bool FailOnDataset,
    double DatasetDriftShare,
    bool ShowProgress,
    DriftChoices Choices);
