namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>What a command's text is about to do, as far as SQLite's write lock is concerned.</summary>
internal static class SqlStatements
{
    /// <summary>
    /// False only for a plain query (<c>SELECT</c>, or a <c>WITH</c> … <c>SELECT</c> without a write in it) or an
    /// empty text; anything else may take the write lock. Leading comments (EF's query tags) are skipped.
    /// </summary>
    public static bool MayWrite(string? commandText)
    {
        var text = SkipCommentsAndSpace(commandText.AsSpan());
        if (text.IsEmpty)
        {
            return false;
        }

        if (StartsWithWord(text, "SELECT"))
        {
            return false;
        }

        if (StartsWithWord(text, "WITH"))
        {
            // A common table expression may end in a write (WITH … UPDATE/INSERT/DELETE): look for one.
            return ContainsWord(text, "UPDATE") || ContainsWord(text, "INSERT") || ContainsWord(text, "DELETE") || ContainsWord(text, "REPLACE");
        }

        return true;
    }

    private static ReadOnlySpan<char> SkipCommentsAndSpace(ReadOnlySpan<char> text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", StringComparison.Ordinal);
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else
            {
                return text;
            }
        }
    }

    private static bool StartsWithWord(ReadOnlySpan<char> text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !char.IsLetterOrDigit(text[word.Length]));

    private static bool ContainsWord(ReadOnlySpan<char> text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = Next(text, word, at))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var after = at + word.Length == text.Length || !char.IsLetterOrDigit(text[at + word.Length]);
            if (before && after)
            {
                return true;
            }
        }

        return false;

        static int Next(ReadOnlySpan<char> text, string word, int at)
        {
            var rest = text[(at + 1)..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            return rest < 0 ? -1 : at + 1 + rest;
        }
    }
}
