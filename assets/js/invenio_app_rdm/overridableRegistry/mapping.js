// React component overrides of RODARE-RDM (react-overridable ids -> components).
export const overriddenComponents = {};
