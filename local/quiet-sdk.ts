// Node 20 is this project's runtime by decision (the lockfile pins SDK versions that support it);
// the SDK's notice that later versions will need Node 22 is known and only clutters operators' output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
