namespace MlSystems.Cli;

/// <summary>What the process's exit code means, so a pipeline can gate on it.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing drifted.</summary>
    public const int NoDrift = 0;

    /// <summary>Something drifted (a feature, or the dataset with <c>--fail-on dataset</c>).</summary>
    public const int Drift = 1;

    /// <summary>The command line or an input file is wrong; the message says where.</summary>
    public const int InputError = 2;
}
