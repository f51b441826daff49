"""Creates, on a moto_server that checks signatures after its first few requests
(INITIAL_NO_AUTH_ACTION_COUNT), an IAM user allowed every S3 action, its access key, and a
bucket; prints "<key id> <secret> <bucket>". scripts/with-moto.sh runs it so the tests can sign
with a key moto knows (the right secret passes, a wrong one is SignatureDoesNotMatch).
Usage: moto-iam-user.py ENDPOINT"""
import json
import sys

import boto3

endpoint = sys.argv[1]
session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
iam = boto3.client("iam", **session)
iam.create_user(UserName="mlops-test")
iam.put_user_policy(
    UserName="mlops-test",
    PolicyName="s3-all",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
)
key = iam.create_access_key(UserName="mlops-test")["AccessKey"]
boto3.client("s3", **session).create_bucket(Bucket="mlops-auth-test")
print(key["AccessKeyId"], key["SecretAccessKey"], "mlops-auth-test")
