using MlSystems.Drift;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Profiles;

public sealed class FileSystemReferenceProfileStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlsystems-profiles-").FullName;

    [Fact]
    public async Task A_saved_profile_loads_back_identical_under_a_content_address()
    {
        var store = new FileSystemReferenceProfileStore(root);
        ReferenceProfile profile = LoopHarness.Profile(0.3, rows: 500);

        string link = await store.SaveAsync("scorer", profile);
        string again = await store.SaveAsync("scorer", profile);
        string other = await store.SaveAsync("scorer", LoopHarness.Profile(0.4, rows: 500));
        ReferenceProfile loaded = await store.LoadAsync(link);

        Assert.Matches("^scorer/[0-9a-f]{64}\\.json$", link);
        Assert.Equal(link, again);
        Assert.NotEqual(link, other);
        Assert.Equal(profile.ToJson(), loaded.ToJson());
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "scorer"), "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../outside.json")]
    [InlineData("/etc/passwd")]
    [InlineData("scorer/../../x.json")]
    public async Task Links_leaving_the_directory_are_refused(string link)
    {
        var store = new FileSystemReferenceProfileStore(root);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(link).AsTask());
        Assert.Equal("link", error.ParamName);
    }

    [Fact]
    public async Task Missing_and_corrupt_profiles_fail_clearly()
    {
        var store = new FileSystemReferenceProfileStore(root);
        Directory.CreateDirectory(Path.Combine(root, "scorer"));
        byte[] bad = System.Text.Encoding.UTF8.GetBytes("{ \"not\": \"a profile\" }");
        string badLink = $"scorer/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bad))}.json";
        await File.WriteAllBytesAsync(Path.Combine(root, badLink), bad);

        await Assert.ThrowsAsync<FileNotFoundException>(() => store.LoadAsync($"scorer/{new string('0', 64)}.json").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.LoadAsync(badLink).AsTask());
        Assert.Equal("link", (await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync("scorer/bad.json").AsTask())).ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync("../up", LoopHarness.Profile(0, rows: 100)).AsTask());
    }

    [Fact]
    public async Task A_profile_changed_on_disk_is_refused_by_its_digest()
    {
        var store = new FileSystemReferenceProfileStore(root);
        string link = await store.SaveAsync("scorer", LoopHarness.Profile(0, rows: 100));
        Assert.NotNull(await store.LoadAsync(link));

        // One digit changed: the digest refuses it before the JSON is even parsed.
        string path = Path.Combine(root, link);
        string json = await File.ReadAllTextAsync(path);
        int digit = json.IndexOf("\"count\":", StringComparison.Ordinal) + 8;
        await File.WriteAllTextAsync(path, json[..digit] + (json[digit] == '9' ? '8' : '9') + json[(digit + 1)..]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(link).AsTask());
        Assert.Contains("changed on disk", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
