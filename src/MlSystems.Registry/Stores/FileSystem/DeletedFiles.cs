namespace MlSystems.Registry;

/// <summary>The files a reclaim sweep deleted and their bytes.</summary>
internal sealed class DeletedFiles
{
    public int Count { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Deletes a file and counts it; one already gone (another reclaim took it) is not counted.</summary>
    public void Delete(string path)
    {
        try
        {
            long size = new FileInfo(path).Length;
            File.Delete(path);
            Count++;
            Bytes += size;
        }
        catch (FileNotFoundException)
        {
        }
    }
}
