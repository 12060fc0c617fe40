namespace MlSystems.Tests;

/// <summary>
/// The rule every server-backed test follows: the server's address comes from an environment variable that a script
/// under <c>eng/</c> sets; absent, the test skips with the reason, except in CI (<c>CI=true</c>), where it fails, since a
/// server that did not start must not pass as a green run. Compiled beside <c>PostgresServer</c> and <c>RedisServer</c>.
/// </summary>
internal static class TestServer
{
    public static bool InCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The variable's value, or null when unset or empty.</summary>
    public static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>The value; skips the running test (fails it in CI) when there is none.</summary>
    /// <param name="value">What <see cref="Read"/> returned.</param>
    /// <param name="variable">The variable's name.</param>
    /// <param name="server">The server, as named in messages ("PostgreSQL").</param>
    /// <param name="startScript">The script that starts it ("eng/start-postgres.sh").</param>
    public static string Require(string? value, string variable, string server, string startScript)
    {
        if (value is not null)
        {
            return value;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"{variable} is not set in CI: .ci/run starts {server} with {startScript} and exports it.");
        }

        throw new SkipException($"Skipped: {variable} is not set, so there is no {server} server to test against. Run eval \"$({startScript})\" first; in CI (CI=true) these tests fail without it.");
    }
}
