namespace BrokerConsole.Tests.TestSupport;

/// <summary>Temporary folders a test made and keeps between app starts.</summary>
public static class TestFolders
{
    /// <summary>Deletes a folder the app no longer uses; SQLite may keep a handle a moment on some systems.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
