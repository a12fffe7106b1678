using System.Xml;
using System.Xml.Linq;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>SQLite's key ring: key-*.xml files in a 0700 folder beside (never inside) the database file.</summary>
public sealed class FolderKeyRing(string folder) : KeyRingStore
{
    public string Folder => folder;

    public override string Location => "in " + folder;

    public override string PlaceName => "the keys folder";

    public override string RestoreAdvice =>
        $"Restore the keys folder from your backup (the key-*.xml files, taken together with the database) into {folder} and start again.";

    public override string DamagedEntryAdvice => $"move the damaged file out of {folder}";

    public override string LossCause => "The keys folder was deleted or replaced since they were saved.";

    public override Task<List<string>> FindDamagedAsync(CancellationToken cancellationToken)
    {
        var damaged = new List<string>();
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(damaged);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.xml"))
        {
            try
            {
                _ = XDocument.Load(file);
            }
            catch (XmlException ex)
            {
                damaged.Add($"{Path.GetFileName(file)}: not readable XML ({ex.Message})");
            }
        }

        return Task.FromResult(damaged);
    }
}
