/** Words of the 双报到 (在职党员到居住地报到) pages; the H5 bundle carries no i18n library. */
export const P = {
  intro: '在职党员到居住地社区报到（双报到），参加社区服务。提交后由社区确认。',
  name: '姓名',
  building: '居住楼栋',
  chooseBuilding: '请选择所住楼栋',
  employer: '工作单位',
  branch: '所在党支部',
  submit: '提交报到',
  mine: '我的报到',
  title: '在职党员报到',
  link: '在职党员报到（双报到）',
  status: { pending: '待社区确认', confirmed: '已报到', rejected: '已退回', withdrawn: '已撤销' } as Record<string, string>,
};
