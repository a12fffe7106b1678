using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>Submits the server-rendered forms the way a browser would: hidden fields (antiforgery, handler) included.</summary>
public static class HtmlForms
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Loads <paramref name="url"/>, fills the first form whose handler is <paramref name="formName"/>, posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        var document = await client.GetDocumentAsync(url);
        var form = document.Forms.FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form '{formName}' on {url}.");
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
