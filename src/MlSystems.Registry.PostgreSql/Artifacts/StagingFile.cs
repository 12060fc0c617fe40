namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// An anonymous local file an artifact is received into before it is published: on Unix it is unlinked as soon as it
/// is open, on Windows the system deletes it when its handle closes, so a writer killed mid-registration leaves nothing
/// behind on its host and nothing in the database.
/// </summary>
internal static class StagingFile
{
    public static FileStream Create()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlsystems-registry-{Guid.NewGuid():N}.staging");
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }

        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.Asynchronous);
        File.Delete(path);
        return stream;
    }
}
