using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Cli.Tests;

/// <summary>Runs mlsys in process on the committed fixtures and captures its exit code and output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static string Fixture(string name) => GoldenFile.PathOf(name);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await MlsysCommand.RunAsync(args, output, error, new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
