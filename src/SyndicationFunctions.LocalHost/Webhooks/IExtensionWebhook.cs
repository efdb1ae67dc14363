using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.LocalHost.Webhooks;

/// <summary>
/// A binding extension's handler behind <c>/runtime/webhooks/{ExtensionName}</c>, as extensions register one with the
/// Functions host. <see cref="RuntimeWebhooks"/> has checked the extension's system key before it is called.
/// </summary>
public interface IExtensionWebhook
{
    /// <summary>The extension's name in the URL (<c>blobs</c>); its system key is <c>{name}_extension</c>.</summary>
    string ExtensionName { get; }

    Task HandleAsync(HttpContext context);
}
