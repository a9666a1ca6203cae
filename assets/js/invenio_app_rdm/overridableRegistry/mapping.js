// React component overrides of RODARE-RDM (react-overridable ids -> components).
import { AccessLevelField } from "../../rodare_rdm/access/AccessLevelField";

export const overriddenComponents = {
  // Four access levels instead of upstream's record/files visibility (site/rodare_rdm/access).
  "InvenioAppRdm.Deposit.AccessRightField.container": AccessLevelField,
};
