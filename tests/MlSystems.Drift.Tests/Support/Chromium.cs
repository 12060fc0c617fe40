using System.Diagnostics;

namespace MlSystems.Drift.Tests.Support;

/// <summary>Debian's headless Chromium, when installed (<c>apt-get install chromium</c>; .ci/run installs it).</summary>
internal static class Chromium
{
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>Loads a file in headless Chromium and returns the DOM it built, serialised.</summary>
    public static async Task<string> DumpDomAsync(string file)
    {
        string profile = Directory.CreateTempSubdirectory("mlsystems-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("Chromium is not installed (looked for /usr/bin/chromium, chromium-browser and google-chrome); apt-get install chromium."))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile}", "--dump-dom", new Uri(file).AbsoluteUri })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within 90 s: {await errors}");
            }

            string dom = await output;
            return process.ExitCode == 0 && dom.Length > 0 ? dom : throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {await errors}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
