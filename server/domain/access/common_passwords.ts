/**
 * Passwords too common to allow, lower-cased (the check lower-cases too): the top of the lists
 * published from large leaks (SplashData's and NordPass's yearly top lists, and the CSDN, 178.com
 * and 7k7k leaks of 2011 for the Chinese sites), typed in by hand, at least 8 characters long
 * (shorter ones fail the length rule anyway). Runs of one character and keyboard sequences are
 * caught by rule (passwordProblem), not listed.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  // international top lists
  '12345678', '123456789', '1234567890', '12345678910', '87654321', '987654321', '0123456789', '11111111', '00000000',
  '88888888', '66666666', '99999999', '12341234', '1234567a', 'a1234567', '12345qwert',
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word',
  'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football', 'baseball', 'basketball', 'superman', 'starwars',
  'whatever', 'trustno1', 'welcome1', 'welcome123', 'letmein1', 'master123', 'michael1', 'charlie1', 'jennifer',
  'computer', 'internet', 'qwertyui', 'qwertyuiop', 'qwerty123', 'qwerty12', 'qwer1234', 'asdfghjk', 'asdfghjkl',
  'zxcvbnm1', 'zxcvbnm123', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx', 'qazwsxedc', 'q1w2e3r4',
  'q1w2e3r4t5', 'a1b2c3d4', 'abc12345', 'abcd1234', 'abc123456', 'admin123', 'admin1234', 'admin888', 'administrator',
  'changeme', 'default1', 'secret123', 'test1234', 'test12345', 'testtest', 'guest123', 'root1234', 'user1234',
  'dragon12', 'monkey12', 'shadow12', 'mustang1', 'michelle', 'jordan23', 'liverpool', 'chelsea1', 'pokemon1',
  'loveyou1', 'lovelove', 'babygirl', 'butterfly', 'chocolate', 'freedom1', 'hello123', 'helloworld', 'hunter12',
  'ninja123', 'killer12', 'soccer12', 'summer12', 'spring12', 'winter12', 'autumn12', 'master12', 'access14',
  '11223344', '112233445566', '12341234', '123123123', '123321123', '12344321', '123456abc', '123456aa', '123456qq',
  '123abc123', '147258369', '159357456', '159753456', '1234qwer', '12qwaszx', '321321321', '456456456', '520520520',
  '741852963', '789456123', '852456852', '963852741', '987654321a', '13579246', '24682468', '11112222', '12121212',
  '10203040', '1a2b3c4d', 'a12345678', 'aa123456', 'aa12345678', 'qq123456', 'qq123456789', 'a123456789', 'abc123abc',
  // Chinese sites' top lists (pinyin and number puns: 5201314 "I love you for life", 1314 "for life")
  '5201314a', '52013145201314', '1314520', '13145200', '1314521a', 'woaini1314', 'woaini520', 'woaini123', 'woaini521',
  'woaini12', 'woainima', 'woaiwojia', 'wangyut2', 'iloveyou1314', 'dearbook', 'zhang123', 'wang1234', 'li123456',
  'zhangwei', 'wangwei1', 'liuyang1', 'aini1314', 'qwe123456', 'qwe123qwe', 'qweasdzxc', 'asd123456', 'zxc123456',
  'zxcvbnm123', 'asdasdasd', 'qweqweqwe', 'abcabcabc', 'wodemima', 'mima1234', 'mimamima', 'gridwork', 'gridwork1',
  'wanggeyuan', 'wangge123', 'shequ123', 'zhengfu123', 'gongzuo123', 'xiaoming', 'xiaohong', 'tiantian', 'dongdong',
  'beijing1', 'shanghai', 'zhongguo', 'china123', 'chinese1', 'huawei123', 'xiaomi123', 'baidu123', 'taobao123',
  'password01', 'passwd123', 'admin@123', 'admin#123', 'root@123', 'test@123', 'p@ssw0rd1', 'abc@1234', 'qwe@1234',
]);
